package io.edgeflow.agent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.agent.source.AgentConfig;
import io.edgeflow.agent.source.EdgeAgent;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process faults with real processes: the agent killed with SIGKILL mid-stream and restarted, and
 * the Kafka broker (a child process) stopped and restarted mid-stream. Frames come from a source
 * over the agent's TCP protocol that resends what was not acknowledged after reconnecting; Kafka is
 * read back with read_committed.
 */
class AgentProcessFaultsTest {
    /**
     * A restarted broker recovers its logs first: at load average 30 on two cores that took more
     * than 90 s once.
     */
    static final Duration BROKER_RESTART_READY = Duration.ofSeconds(180);

    @TempDir Path work;

    static void assertExactlyOnceInOrder(
            DeliveredFrames kafka, List<String> robots, long perRobot) {
        AgentLinkFaultsTest.assertExactlyOnceInOrder(kafka, robots, perRobot);
    }

    Path writeConfig(String name, Map<String, String> entries) throws IOException {
        return writeConfig(work.resolve(name), entries);
    }

    /** An agent config file for a child agent process. */
    static Path writeConfig(Path file, Map<String, String> entries) throws IOException {
        Properties p = new Properties();
        p.putAll(entries);
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "test agent");
        }
        return file;
    }

    @Test
    void killNineOfTheAgentLosesNothingAcknowledgedAndWritesNothingTwice() throws Exception {
        List<String> robots = FrameFeeder.robots("robot-", 4);
        int tcpPort = AgentLinkFaultsTest.freePort();
        long total = 6000;
        try (KraftBroker broker = KraftBroker.start(work.resolve("kafka"), 0)) {
            broker.createTopics(List.of(new NewTopic(Topics.FRAMES, 4, (short) 1)));
            Path config =
                    writeConfig(
                            "agent.properties",
                            Map.of(
                                    "outbox.dir", work.resolve("outbox").toString(),
                                    "nodes", String.join(",", robots),
                                    "source.tcp.port", String.valueOf(tcpPort),
                                    "channel.main.bootstrap", broker.bootstrapServers()));
            List<String> args = List.of("--node", "gw-1", "--config", config.toString());
            ChildJvm agent = startAgent(args, 0);
            List<Long> ackedAtKill = new ArrayList<>();
            try (FrameFeeder feeder = new FrameFeeder(robots, tcpPort, 800, total, 100_000);
                    DeliveredFrames kafka =
                            new DeliveredFrames(broker.bootstrapServers(), Topics.FRAMES, null)) {
                for (int kill = 1; kill <= 2; kill++) {
                    long before = feeder.acked();
                    while (feeder.acked() < before + 1500 && feeder.acked() < total) {
                        Thread.sleep(10);
                    }
                    agent.kill();
                    ackedAtKill.add(feeder.acked());
                    agent = startAgent(args, kill);
                }
                assertThat(feeder.awaitAllAcked(Duration.ofSeconds(120))).isTrue();
                assertThat(kafka.pollUntil(() -> kafka.frames() >= total, Duration.ofSeconds(120)))
                        .as("all %d frames in Kafka", total)
                        .isTrue();
                kafka.settle(Duration.ofSeconds(3));
                assertExactlyOnceInOrder(kafka, robots, total / robots.size());
                assertThat(feeder.reconnects()).isGreaterThanOrEqualTo(2);
                // The agent's own heartbeats continue their sequence across the kills.
                assertThat(kafka.heartbeats(NodeId.of("gw-1"))).isSorted().doesNotHaveDuplicates();
                System.out.printf(
                        "CRASH kills=2 acked_at_kill=%s reconnects=%d frames=%d%n",
                        ackedAtKill, feeder.reconnects(), kafka.frames());
            } finally {
                agent.close();
            }
        }
    }

    private ChildJvm startAgent(List<String> args, int n) throws Exception {
        return ChildJvm.start(
                EdgeAgent.class.getName(),
                args,
                work.resolve("agent-" + n + ".log"),
                Duration.ofSeconds(60));
    }

    @Test
    void aBrokerRestartMidStreamLosesAndDuplicatesNothing() throws Exception {
        List<String> robots = FrameFeeder.robots("robot-", 4);
        int port = AgentLinkFaultsTest.freePort();
        List<String> brokerArgs = List.of(work.resolve("kafka").toString(), String.valueOf(port));
        String bootstrap = "127.0.0.1:" + port;
        double rate = 160;
        long total = (long) (rate * 25);
        ChildJvm broker =
                ChildJvm.start(
                        KraftBroker.class.getName(),
                        brokerArgs,
                        work.resolve("broker-0.log"),
                        Duration.ofSeconds(90));
        try {
            Properties ap = new Properties();
            ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(ap)) {
                admin.createTopics(List.of(new NewTopic(Topics.FRAMES, 4, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            EdgeAgent agent =
                    EdgeAgent.start(
                            AgentConfig.parse(
                                    "gw-1",
                                    Map.of(
                                            "outbox.dir",
                                            work.resolve("outbox").toString(),
                                            "nodes",
                                            String.join(",", robots),
                                            "source.tcp.port",
                                            "0",
                                            "channel.main.bootstrap",
                                            bootstrap),
                                    work));
            try (agent;
                    FrameFeeder feeder =
                            new FrameFeeder(robots, agent.tcpPort(), rate, total, 100_000)) {
                Thread.sleep(6000);
                broker.stop();
                long stoppedAt = feeder.acked();
                Thread.sleep(5000);
                long queuedWhileDown = agent.outbox().totalFrames();
                broker =
                        ChildJvm.start(
                                KraftBroker.class.getName(),
                                brokerArgs,
                                work.resolve("broker-1.log"),
                                BROKER_RESTART_READY);
                assertThat(feeder.awaitAllAcked(Duration.ofSeconds(120))).isTrue();
                assertThat(agent.awaitDrained(Duration.ofSeconds(120))).isTrue();
                // The source was acknowledged while the broker was down: the outbox held it.
                assertThat(queuedWhileDown).isGreaterThan((long) (rate * 3));
                try (DeliveredFrames kafka = new DeliveredFrames(bootstrap, Topics.FRAMES, null)) {
                    assertThat(
                                    kafka.pollUntil(
                                            () -> kafka.frames() >= total, Duration.ofSeconds(60)))
                            .isTrue();
                    kafka.settle(Duration.ofSeconds(3));
                    assertExactlyOnceInOrder(kafka, robots, total / robots.size());
                    System.out.printf(
                            "BROKER_RESTART down_s=5 acked_at_stop=%d queued_while_down=%d frames=%d%n",
                            stoppedAt, queuedWhileDown, kafka.frames());
                }
            }
        } finally {
            broker.close();
        }
    }
}
