package io.edgeflow.agent.source;

import io.edgeflow.agent.channel.Channel;
import io.edgeflow.agent.channel.ChannelConfig;
import io.edgeflow.agent.channel.ChannelSelector;
import io.edgeflow.agent.channel.DeliveryLane;
import io.edgeflow.agent.crypto.NodeKeys;
import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.Outbox;
import io.edgeflow.agent.outbox.OutboxStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge agent daemon: sources → intake (validate, deduplicate, seal) → durable outbox → one
 * delivery lane per message class → the channel the selector picks → Kafka. Also publishes
 * heartbeats, expires old frames and reloads rotated keys. {@link #main} is what {@code edgeflow
 * agent --node NAME --config FILE} runs.
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);

    private final AgentConfig config;
    private final Outbox outbox;
    private final ChannelSelector selector;
    private final FrameIntake intake;
    private final List<DeliveryLane> lanes = new ArrayList<>();
    private final List<Thread> laneThreads = new ArrayList<>();
    private final List<AutoCloseable> sources = new ArrayList<>();
    private final ScheduledExecutorService housekeeping;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private int tcpPort = -1;
    private int udpPort = -1;

    private EdgeAgent(AgentConfig config) throws IOException {
        this.config = config;
        this.outbox = Outbox.open(config.outbox());
        try {
            NodeKeys keys = config.keyFile() == null ? null : new NodeKeys(config.keyFile());
            List<Channel> channels = new ArrayList<>();
            for (ChannelConfig c : config.channels()) {
                channels.add(new Channel(c, config.probe()));
            }
            this.selector = new ChannelSelector(channels, config.probe());
            this.intake =
                    new FrameIntake(
                            outbox,
                            config.maxPayloadBytes(),
                            config.nodes(),
                            keys,
                            config.encrypted());
            for (MessageClass c : MessageClass.values()) {
                DeliveryLane lane =
                        new DeliveryLane(
                                outbox,
                                selector,
                                c,
                                config.node(),
                                config.topic(),
                                config.compression().get(c),
                                config.batch());
                lanes.add(lane);
                Thread t = new Thread(lane, "lane-" + c.label());
                laneThreads.add(t);
                t.start();
            }
            housekeeping =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "agent-housekeeping");
                                t.setDaemon(true);
                                return t;
                            });
            HeartbeatPublisher heartbeats = new HeartbeatPublisher(config.node(), intake, channels);
            long hb = config.heartbeatInterval().toMillis();
            if (hb > 0) {
                housekeeping.scheduleAtFixedRate(heartbeats, hb, hb, TimeUnit.MILLISECONDS);
            }
            housekeeping.scheduleWithFixedDelay(
                    () -> {
                        try {
                            outbox.expire(System.currentTimeMillis());
                        } catch (IOException | IllegalStateException e) {
                            LOG.warn("expiring old frames failed: {}", e.toString());
                        }
                        if (keys != null) {
                            keys.reloadIfChanged();
                        }
                    },
                    1,
                    1,
                    TimeUnit.SECONDS);
            startSources();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public static EdgeAgent start(AgentConfig config) throws IOException {
        return new EdgeAgent(config);
    }

    private void startSources() throws IOException {
        for (AgentConfig.SourceConfig s : config.sources()) {
            switch (s.kind()) {
                case "tcp" -> {
                    TcpSource tcp =
                            new TcpSource(
                                    s.bind(),
                                    s.port(),
                                    intake,
                                    s.messageClass(),
                                    config.maxPayloadBytes());
                    tcpPort = tcp.port();
                    sources.add(tcp);
                }
                case "udp" -> {
                    UdpSource udp = new UdpSource(s.bind(), s.port(), intake, s.messageClass());
                    udpPort = udp.port();
                    sources.add(udp);
                }
                case "stdin" ->
                        sources.add(
                                new StreamSource(
                                        "stdin",
                                        System.in,
                                        intake,
                                        s.messageClass(),
                                        config.maxPayloadBytes()));
                case "replay" ->
                        sources.add(
                                new ReplaySource(
                                        Path.of(s.options().get("log")),
                                        Integer.parseInt(s.options().getOrDefault("robots", "1")),
                                        s.options().getOrDefault("prefix", "robot-"),
                                        Double.parseDouble(s.options().getOrDefault("speed", "1")),
                                        intake,
                                        s.messageClass()));
                default -> throw new IllegalArgumentException("unknown source kind " + s.kind());
            }
        }
    }

    public FrameIntake intake() {
        return intake;
    }

    public Outbox outbox() {
        return outbox;
    }

    public ChannelSelector selector() {
        return selector;
    }

    public List<DeliveryLane> lanes() {
        return lanes;
    }

    /** The TCP source's port (useful when configured as 0), or -1. */
    public int tcpPort() {
        return tcpPort;
    }

    public int udpPort() {
        return udpPort;
    }

    /** Waits until the outbox is empty; returns false if {@code timeout} passed first. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outbox.totalFrames() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** One line per class and channel, for logs and the CLI. */
    public List<String> statusLines() {
        List<String> lines = new ArrayList<>();
        for (MessageClass c : MessageClass.values()) {
            OutboxStats s = outbox.stats(c);
            lines.add(
                    String.format(
                            "class %-7s queued=%d (%d B) appended=%d delivered=%d dropped_full=%d expired=%d duplicates=%d",
                            c.label(),
                            s.frames(),
                            s.bytes(),
                            s.appended(),
                            s.delivered(),
                            s.droppedFull(),
                            s.expired(),
                            s.duplicates()));
        }
        for (Channel ch : selector.channels()) {
            lines.add(
                    String.format(
                            "channel %s up=%s rtt_ms=%.1f loss=%.2f bandwidth_mbit=%.2f frames=%d bytes=%d failovers_in=%d",
                            ch.name(),
                            ch.isUp(),
                            ch.rttMillis(),
                            ch.lossFraction(),
                            ch.linkStats().bandwidthBitsPerSecond() / 1e6,
                            ch.framesDelivered(),
                            ch.bytesDelivered(),
                            ch.failoversIn()));
        }
        return lines;
    }

    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        for (AutoCloseable s : sources) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.warn("closing a source: {}", e.toString());
            }
        }
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        lanes.forEach(DeliveryLane::stop);
        for (Thread t : laneThreads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (selector != null) {
            selector.close();
        }
        outbox.close();
        stopped.countDown();
    }

    /**
     * {@code EdgeAgent --node NAME --config FILE}: runs until SIGTERM/SIGINT. Prints {@code READY
     * tcp=PORT udp=PORT} once the sources listen.
     */
    public static void main(String[] args) throws Exception {
        String node = null;
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--node" -> node = args[++i];
                case "--config" -> configFile = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: EdgeAgent --node NAME --config FILE");
                    System.exit(2);
                }
            }
        }
        if (node == null || configFile == null) {
            System.err.println("usage: EdgeAgent --node NAME --config FILE");
            System.exit(2);
        }
        System.exit(run(node, configFile));
    }

    /** Runs the daemon until the JVM is asked to stop; returns the exit code. */
    public static int run(String node, Path configFile) throws InterruptedException {
        EdgeAgent agent;
        try {
            agent = start(AgentConfig.load(node, configFile));
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("edgeflow agent: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
        System.out.println("READY tcp=" + agent.tcpPort() + " udp=" + agent.udpPort());
        System.out.flush();
        agent.awaitStop();
        return 0;
    }
}
