package io.edgeflow.agent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.agent.channel.DeliveryLane;
import io.edgeflow.agent.channel.LinkEmulator;
import io.edgeflow.agent.source.AgentConfig;
import io.edgeflow.agent.source.EdgeAgent;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real KRaft broker reached only through link emulators (the broker advertises
 * the emulators' addresses, so every Kafka connection crosses them): failover between channels and
 * a full outbox. Frames come from a source over the agent's TCP protocol. (The 30 s outage is cut
 * for real, between network namespaces, in {@link AgentNetworkPartitionTest}.)
 */
class AgentLinkFaultsTest {
    @TempDir Path work;
    KraftBroker broker;
    final List<AutoCloseable> closeLast = new java.util.ArrayList<>();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * A broker with one listener per link, each advertised as its link emulator's address, plus an
     * internal listener (the broker's own traffic, e.g. transaction markers, and the test's
     * verifying consumer) that no link fault touches.
     */
    List<LinkEmulator> brokerBehindLinks(String... links) throws IOException {
        int controller = freePort();
        int internal = freePort();
        List<String> listeners =
                new java.util.ArrayList<>(List.of("INTERNAL://127.0.0.1:" + internal));
        List<String> advertised = new java.util.ArrayList<>(listeners);
        List<String> protocols =
                new java.util.ArrayList<>(List.of("CONTROLLER:PLAINTEXT", "INTERNAL:PLAINTEXT"));
        List<LinkEmulator> emulators = new java.util.ArrayList<>();
        for (int i = 0; i < links.length; i++) {
            String listener = "LINK" + i;
            int port = freePort();
            LinkEmulator e = new LinkEmulator("127.0.0.1", port);
            emulators.add(e);
            closeLast.add(e);
            listeners.add(listener + "://127.0.0.1:" + port);
            advertised.add(listener + "://" + e.address());
            protocols.add(listener + ":PLAINTEXT");
        }
        listeners.add("CONTROLLER://127.0.0.1:" + controller);
        broker =
                KraftBroker.start(
                        work.resolve("kafka"),
                        internal,
                        Map.of(
                                "listeners", String.join(",", listeners),
                                "advertised.listeners", String.join(",", advertised),
                                "listener.security.protocol.map", String.join(",", protocols),
                                "inter.broker.listener.name", "INTERNAL",
                                "controller.quorum.voters", "1@127.0.0.1:" + controller));
        broker.createTopics(List.of(new NewTopic(Topics.FRAMES, 4, (short) 1)));
        return emulators;
    }

    Map<String, String> agentConfig(int tcpPort, Map<String, String> channels) {
        Map<String, String> c = new HashMap<>();
        c.put("outbox.dir", work.resolve("outbox").toString());
        c.put("nodes", String.join(",", FrameFeeder.robots("robot-", 4)));
        c.put("source.tcp.port", String.valueOf(tcpPort));
        c.put("source.tcp.class", "latency");
        c.put("probe.interval.ms", "250");
        c.put("probe.timeout.ms", "750");
        c.putAll(channels);
        return c;
    }

    EdgeAgent agent(Map<String, String> config) throws IOException {
        EdgeAgent a = EdgeAgent.start(AgentConfig.parse("gw-1", config, work));
        closeLast.add(0, a);
        return a;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static void assertExactlyOnceInOrder(
            DeliveredFrames kafka, List<String> robots, long perRobot) {
        for (String r : robots) {
            assertThat(kafka.seqs(NodeId.of(r)))
                    .as("frames of %s in Kafka, in partition order", r)
                    .containsExactlyElementsOf(LongStream.range(0, perRobot).boxed().toList());
        }
        assertThat(kafka.undecodable()).isZero();
    }

    @Test
    void whenTheFastChannelDiesTrafficMovesToTheOtherAndComesBackWhenItRecovers() throws Exception {
        List<LinkEmulator> links = brokerBehindLinks("terrestrial", "satellite");
        LinkEmulator terrestrial = links.get(0);
        LinkEmulator satellite = links.get(1).latency(60, 10);
        List<String> robots = FrameFeeder.robots("robot-", 4);
        double rate = 160;
        long total = (long) (rate * 30);
        EdgeAgent agent =
                agent(
                        agentConfig(
                                0,
                                Map.of(
                                        "channel.terrestrial.bootstrap",
                                        terrestrial.address(),
                                        "channel.terrestrial.cost.per.mb",
                                        "0.01",
                                        "channel.satellite.bootstrap",
                                        satellite.address(),
                                        "channel.satellite.cost.per.mb",
                                        "2.0")));
        var lane =
                agent.lanes().stream()
                        .filter(
                                l ->
                                        l.messageClass()
                                                == io.edgeflow.agent.outbox.MessageClass.LATENCY)
                        .findFirst()
                        .orElseThrow();
        try (FrameFeeder feeder = new FrameFeeder(robots, agent.tcpPort(), rate, total, 100_000);
                DeliveredFrames kafka =
                        new DeliveredFrames(broker.bootstrapServers(), Topics.FRAMES, null)) {
            assertThat(awaitChannel(lane, "terrestrial", Duration.ofSeconds(60))).isTrue();
            assertThat(awaitDelivered(agent, "terrestrial", 0)).isTrue();
            long satelliteBefore = channel(agent, "satellite").framesDelivered();
            terrestrial.setMode(LinkEmulator.Mode.BLACKHOLE);
            long cut = System.nanoTime();
            assertThat(awaitChannel(lane, "satellite", Duration.ofSeconds(30)))
                    .as("latency class moved to the satellite channel")
                    .isTrue();
            double failoverSeconds = (System.nanoTime() - cut) / 1e9;
            assertThat(awaitDelivered(agent, "satellite", satelliteBefore)).isTrue();
            long terrestrialBefore = channel(agent, "terrestrial").framesDelivered();
            terrestrial.setMode(LinkEmulator.Mode.PASS);
            long healed = System.nanoTime();
            assertThat(awaitChannel(lane, "terrestrial", Duration.ofSeconds(30)))
                    .as("latency class moved back to terrestrial")
                    .isTrue();
            double failbackSeconds = (System.nanoTime() - healed) / 1e9;
            assertThat(feeder.awaitAllAcked(Duration.ofSeconds(60))).isTrue();
            assertThat(agent.awaitDrained(Duration.ofSeconds(60))).isTrue();
            assertThat(awaitDelivered(agent, "terrestrial", terrestrialBefore)).isTrue();
            assertThat(kafka.pollUntil(() -> kafka.frames() >= total, Duration.ofSeconds(60)))
                    .isTrue();
            kafka.settle(Duration.ofSeconds(2));
            assertExactlyOnceInOrder(kafka, robots, total / robots.size());
            System.out.printf(
                    "FAILOVER failover_s=%.2f failback_s=%.2f documented_detection_s=%.2f%n",
                    failoverSeconds,
                    failbackSeconds,
                    agent.selector().channels().get(0).probePolicy().detectionTime().toMillis()
                            / 1e3);
        }
    }

    static io.edgeflow.agent.channel.Channel channel(EdgeAgent agent, String name) {
        return agent.selector().channels().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Waits until a channel has delivered more than {@code before} frames. */
    static boolean awaitDelivered(EdgeAgent agent, String name, long before)
            throws InterruptedException {
        return await(() -> channel(agent, name).framesDelivered() > before, Duration.ofSeconds(60));
    }

    static boolean awaitChannel(DeliveryLane lane, String name, Duration timeout)
            throws InterruptedException {
        return await(
                () -> lane.currentChannel() != null && lane.currentChannel().name().equals(name),
                timeout);
    }

    static boolean await(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void aFullOutboxDropsExactlyTheOldestFramesOrRefusesUnderBlock() throws Exception {
        LinkEmulator link = brokerBehindLinks("terrestrial").get(0);
        link.setMode(LinkEmulator.Mode.REFUSE);
        List<String> robots = FrameFeeder.robots("full-", 4);
        int capacity = 100;
        long total = 400;
        int entryBytes;
        {
            byte[] f = FrameFeeder.CODEC.encode(NodeId.of("full-1"), FrameFeeder.odometry(0));
            entryBytes = "full-1".length() + f.length;
        }
        Map<String, String> config =
                new HashMap<>(
                        agentConfig(0, Map.of("channel.terrestrial.bootstrap", link.address())));
        config.put("nodes", String.join(",", robots));
        config.put("source.tcp.class", "bulk");
        config.put("heartbeat.interval.ms", "0");
        config.put("outbox.max.bytes", String.valueOf(capacity * entryBytes));

        // BLOCK: exactly `capacity` frames are acknowledged, then the source is told why not.
        Map<String, String> block = new HashMap<>(config);
        block.put("outbox.dir", work.resolve("outbox-block").toString());
        block.put("outbox.full.policy", "block");
        block.put("outbox.block.timeout.ms", "300");
        EdgeAgent blocking = agent(block);
        try (FrameFeeder feeder =
                new FrameFeeder(robots, blocking.tcpPort(), 0, total, 1000, true)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (feeder.agentError() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(feeder.agentError()).contains("outbox full");
            assertThat(feeder.acked()).isEqualTo(capacity);
            assertThat(blocking.outbox().totalFrames()).isEqualTo(capacity);
            assertThat(
                            blocking.outbox()
                                    .stats(io.edgeflow.agent.outbox.MessageClass.BULK)
                                    .droppedFull())
                    .isZero();
        }
        closeLast.remove(blocking);
        blocking.close();

        // DROP_OLDEST: everything is acknowledged; the oldest total - capacity frames are dropped,
        // counted one by one, and the newest `capacity` reach Kafka once the link is back.
        Map<String, String> drop = new HashMap<>(config);
        drop.put("outbox.dir", work.resolve("outbox-drop").toString());
        drop.put("outbox.full.policy", "drop-oldest");
        EdgeAgent dropping = agent(drop);
        try (FrameFeeder feeder =
                        new FrameFeeder(robots, dropping.tcpPort(), 0, total, 1000, true);
                DeliveredFrames kafka =
                        new DeliveredFrames(broker.bootstrapServers(), Topics.FRAMES, null)) {
            assertThat(feeder.awaitAllAcked(Duration.ofSeconds(30))).isTrue();
            var bulk = dropping.outbox().stats(io.edgeflow.agent.outbox.MessageClass.BULK);
            assertThat(bulk.droppedFull()).isEqualTo(total - capacity);
            assertThat(bulk.frames()).isEqualTo(capacity);
            link.setMode(LinkEmulator.Mode.PASS);
            assertThat(dropping.awaitDrained(Duration.ofSeconds(60))).isTrue();
            assertThat(kafka.pollUntil(() -> kafka.frames() >= capacity, Duration.ofSeconds(60)))
                    .isTrue();
            kafka.settle(Duration.ofSeconds(2));
            assertThat(kafka.frames()).isEqualTo(capacity);
            long survivorsPerRobot = capacity / robots.size();
            long perRobot = total / robots.size();
            for (String r : robots) {
                assertThat(kafka.seqs(NodeId.of(r)))
                        .containsExactlyElementsOf(
                                LongStream.range(perRobot - survivorsPerRobot, perRobot)
                                        .boxed()
                                        .toList());
            }
            System.out.printf(
                    "OUTBOX_FULL capacity_frames=%d offered=%d dropped=%d block_acked=%d%n",
                    capacity, total, bulk.droppedFull(), capacity);
        }
    }
}
