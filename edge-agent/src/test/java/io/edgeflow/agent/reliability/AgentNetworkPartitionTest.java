package io.edgeflow.agent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.agent.channel.NetworkNamespace;
import io.edgeflow.agent.source.EdgeAgent;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network partition between real processes on different hosts: the agent and its frame source run
 * as processes inside a network namespace (an emulated robot gateway), the KRaft broker in the root
 * namespace, reachable only across the namespace's veth link, which is cut for 30 s while frames
 * keep coming. Kafka is checked with a read_committed consumer on the broker's loopback listener,
 * which the cut does not touch.
 */
class AgentNetworkPartitionTest {
    static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir Path work;

    @BeforeAll
    static void namespacesAvailable() {
        // .ci/run installs iproute2 and runs as root; a machine without them fails loudly here
        assertThat(NetworkNamespace.unavailableReason()).as("network namespaces").isNull();
    }

    @Test
    void aThirtySecondPartitionLosesAndDuplicatesNothingAndTheBacklogDrains() throws Exception {
        List<String> robots = FrameFeeder.robots("robot-", 4);
        // 4 robots × 40 Hz for 44 s: a few seconds up, 30 s cut, the rest healed.
        double rate = 4 * 40;
        long total = (long) (rate * 44);
        try (NetworkNamespace gateway = NetworkNamespace.create("partition");
                KraftBroker broker =
                        KraftBroker.builder(work.resolve("kafka"))
                                .externalListener(gateway.hostAddress())
                                .start()) {
            broker.createTopics(List.of(new NewTopic(Topics.FRAMES, 4, (short) 1)));
            // Inside the namespace every port is free.
            int tcpPort = 7070;
            Path config =
                    AgentProcessFaultsTest.writeConfig(
                            work.resolve("agent.properties"),
                            Map.of(
                                    "outbox.dir", work.resolve("outbox").toString(),
                                    "nodes", String.join(",", robots),
                                    "source.tcp.port", String.valueOf(tcpPort),
                                    "probe.interval.ms", "250",
                                    "probe.timeout.ms", "750",
                                    "channel.uplink.bootstrap", broker.externalBootstrapServers()));
            try (ChildJvm agent =
                            ChildJvm.start(
                                    EdgeAgent.class.getName(),
                                    List.of("--node", "gw-1", "--config", config.toString()),
                                    work.resolve("agent.log"),
                                    Duration.ofSeconds(90),
                                    gateway::wrap);
                    DeliveredFrames kafka =
                            new DeliveredFrames(broker.bootstrapServers(), Topics.FRAMES, null)) {
                // The agent's first heartbeat in Kafka: it is connected across the link. Only
                // then does the source start, so that its frames span the whole outage.
                assertThat(
                                kafka.pollUntil(
                                        () -> !kafka.heartbeats(NodeId.of("gw-1")).isEmpty(),
                                        Duration.ofSeconds(90)))
                        .as("the agent delivers across the link")
                        .isTrue();
                partitionWhileFeeding(gateway, kafka, robots, rate, total, tcpPort);
            }
        }
    }

    private void partitionWhileFeeding(
            NetworkNamespace gateway,
            DeliveredFrames kafka,
            List<String> robots,
            double rate,
            long total,
            int tcpPort)
            throws Exception {
        try (ChildJvm feeder =
                ChildJvm.start(
                        FrameFeeder.class.getName(),
                        List.of(
                                String.valueOf(tcpPort),
                                "robot-",
                                String.valueOf(robots.size()),
                                String.valueOf(rate),
                                String.valueOf(total)),
                        work.resolve("feeder.log"),
                        Duration.ofSeconds(90),
                        gateway::wrap)) {
            assertThat(kafka.pollUntil(() -> kafka.frames() > 0, Duration.ofSeconds(90)))
                    .as("frames cross the link before the cut")
                    .isTrue();
            Thread.sleep(2000);

            gateway.linkDown();
            long ackedAtCut = acked(feeder);
            Thread.sleep(OUTAGE.minusSeconds(1).toMillis());
            kafka.settle(Duration.ofSeconds(1));
            long inKafkaAtHeal = kafka.frames();
            long ackedAtHeal = acked(feeder);
            gateway.linkUp();
            long healed = System.nanoTime();

            // Frames kept coming during the cut, were acknowledged from the outbox, and did
            // not reach Kafka until the link came back.
            assertThat(ackedAtHeal - ackedAtCut)
                    .as("acknowledged during the cut (%d at the cut)", ackedAtCut)
                    .isGreaterThan((long) (rate * 25));
            assertThat(inKafkaAtHeal).isLessThan(ackedAtHeal - (long) (rate * 25));
            // The outbox leaves in order: once Kafka holds as many frames as were
            // acknowledged at the heal, the backlog is drained.
            assertThat(
                            kafka.pollUntil(
                                    () -> kafka.frames() >= ackedAtHeal, Duration.ofSeconds(120)))
                    .as("backlog of %d frames drained", ackedAtHeal - inKafkaAtHeal)
                    .isTrue();
            double drainSeconds = (System.nanoTime() - healed) / 1e9;

            assertThat(feeder.awaitExit(Duration.ofSeconds(120)))
                    .as("the source got every frame acknowledged (%s)", feeder.lastLine())
                    .isZero();
            assertThat(kafka.pollUntil(() -> kafka.frames() >= total, Duration.ofSeconds(60)))
                    .isTrue();
            kafka.settle(Duration.ofSeconds(2));
            AgentLinkFaultsTest.assertExactlyOnceInOrder(kafka, robots, total / robots.size());
            // The agent's heartbeats went through the outage too: once each, in order.
            List<Long> heartbeats = kafka.heartbeats(NodeId.of("gw-1"));
            assertThat(heartbeats).hasSizeGreaterThan(40).isSorted().doesNotHaveDuplicates();
            assertThat(heartbeats.get(0)).isZero();
            assertThat(heartbeats.get(heartbeats.size() - 1)).isEqualTo(heartbeats.size() - 1);
            System.out.printf(
                    "PARTITION outage_s=%d acked_during_cut=%d backlog_frames=%d drain_s=%.2f frames=%d%n",
                    OUTAGE.toSeconds(),
                    ackedAtHeal - ackedAtCut,
                    ackedAtHeal - inKafkaAtHeal,
                    drainSeconds,
                    kafka.frames());
        }
    }

    /** Frames the source in the namespace has had acknowledged (its last progress line). */
    private static long acked(ChildJvm feeder) {
        String line = feeder.lastLine();
        return line.startsWith("ACKED ") ? Long.parseLong(line.substring(6).strip()) : 0;
    }
}
