package io.edgeflow.agent.source;

import io.edgeflow.agent.channel.Channel;
import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.Heartbeat;
import io.edgeflow.protocol.LinkStats;
import io.edgeflow.protocol.NodeId;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the agent's HEARTBEAT frames: CPU load and memory of the host (the JVM's view of the OS),
 * battery fraction and power draw from Linux's {@code /sys/class/power_supply} when the host has a
 * battery (-1 and 0 otherwise), and each channel's link stats. The sequence continues from the last
 * heartbeat in the outbox, so heartbeats never go backwards across restarts.
 */
public final class HeartbeatPublisher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPublisher.class);
    private static final Path POWER_SUPPLY = Path.of("/sys/class/power_supply");

    private final String nodeName;
    private final FrameIntake intake;
    private final List<Channel> channels;
    private final FrameCodec codec = new FrameCodec();
    private long seq;

    public HeartbeatPublisher(String nodeName, FrameIntake intake, List<Channel> channels) {
        this.nodeName = nodeName;
        this.intake = intake;
        this.channels = channels;
        this.seq = intake.outbox().lastStreamSeq(NodeId.of(nodeName)) + 1;
    }

    public Heartbeat next() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        double load = os.getCpuLoad();
        float cpu = (float) (Double.isFinite(load) && load >= 0 ? Math.min(1, load) : 0);
        long total = os.getTotalMemorySize();
        long used = Math.max(0, Math.min(total, total - os.getFreeMemorySize()));
        List<LinkStats> links = channels.stream().map(Channel::linkStats).toList();
        return new Heartbeat(
                seq++,
                System.currentTimeMillis() * 1000,
                nodeName,
                cpu,
                used,
                total,
                batteryFraction(),
                powerWatts(),
                links);
    }

    @Override
    public void run() {
        try {
            intake.submit(List.of(codec.encode(NodeId.of(nodeName), next())), MessageClass.CONTROL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("heartbeat not queued: {}", e.getMessage());
        }
    }

    private static float batteryFraction() {
        Long capacity = readFirst("capacity");
        return capacity == null
                ? Heartbeat.NO_BATTERY
                : Math.max(0, Math.min(100, capacity)) / 100f;
    }

    private static float powerWatts() {
        Long microwatts = readFirst("power_now");
        return microwatts == null ? 0 : Math.max(0, microwatts) / 1e6f;
    }

    /** The first battery's attribute, in the kernel's integer units, or null. */
    private static Long readFirst(String attribute) {
        if (!Files.isDirectory(POWER_SUPPLY)) {
            return null;
        }
        try (Stream<Path> supplies = Files.list(POWER_SUPPLY)) {
            for (Path s : supplies.sorted().toList()) {
                Path type = s.resolve("type");
                Path value = s.resolve(attribute);
                if (Files.isReadable(type)
                        && Files.readString(type).strip().equals("Battery")
                        && Files.isReadable(value)) {
                    return Long.parseLong(Files.readString(value).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }
}
