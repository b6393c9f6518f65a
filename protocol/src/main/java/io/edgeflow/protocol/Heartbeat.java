package io.edgeflow.protocol;

import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's periodic health report. The node name travels here (the header only has its hash) so the
 * control plane can map ids back to names. {@code batteryFraction} is -1 for nodes on mains power.
 */
public record Heartbeat(
        long seq,
        long timestampMicros,
        String nodeName,
        float cpuLoad,
        long memoryUsedBytes,
        long memoryTotalBytes,
        float batteryFraction,
        float powerWatts,
        List<LinkStats> links)
        implements Message {

    public static final int MAX_LINKS = 255;
    public static final float NO_BATTERY = -1f;

    public Heartbeat {
        links = List.copyOf(links);
    }

    @Override
    public MessageType type() {
        return MessageType.HEARTBEAT;
    }

    @Override
    public void writeTo(PayloadWriter out) {
        out.i64(seq).i64(timestampMicros).string(nodeName);
        out.f32(cpuLoad).i64(memoryUsedBytes).i64(memoryTotalBytes);
        out.f32(batteryFraction).f32(powerWatts);
        out.u8(links.size());
        for (LinkStats l : links) {
            out.string(l.name()).u8(l.up() ? 1 : 0).f32(l.rttMillis());
            out.f64(l.bandwidthBitsPerSecond()).f32(l.lossFraction());
        }
    }

    static Heartbeat read(PayloadReader in) throws MalformedPayloadException {
        long seq = in.i64("seq");
        long ts = in.i64("timestamp");
        String name = in.string("node_name");
        float cpu = in.f32("cpu_load");
        long memUsed = in.i64("memory_used");
        long memTotal = in.i64("memory_total");
        float battery = in.f32("battery");
        float power = in.f32("power");
        int n = in.u8("link count");
        List<LinkStats> links = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String linkName = in.string("link name");
            int up = in.u8("link up");
            if (up > 1) {
                throw new MalformedPayloadException("link up flag is " + up + ", not 0 or 1");
            }
            links.add(
                    new LinkStats(
                            linkName,
                            up == 1,
                            in.f32("link rtt"),
                            in.f64("link bandwidth"),
                            in.f32("link loss")));
        }
        return new Heartbeat(seq, ts, name, cpu, memUsed, memTotal, battery, power, links);
    }

    @Override
    public String invalidReason() {
        if (seq < 0) {
            return "negative seq";
        }
        if (nodeName.isEmpty()) {
            return "node name is empty";
        }
        if (!(cpuLoad >= 0 && cpuLoad <= 1)) {
            return "cpu load must be in [0, 1]";
        }
        if (memoryUsedBytes < 0 || memoryTotalBytes < memoryUsedBytes) {
            return "memory must satisfy 0 <= used <= total";
        }
        if (!((batteryFraction >= 0 && batteryFraction <= 1) || batteryFraction == NO_BATTERY)) {
            return "battery must be in [0, 1], or -1 for none";
        }
        if (!Float.isFinite(powerWatts) || powerWatts < 0) {
            return "power must be finite and >= 0";
        }
        if (links.size() > MAX_LINKS) {
            return "more than " + MAX_LINKS + " links";
        }
        for (LinkStats l : links) {
            String r = l.invalidReason();
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
