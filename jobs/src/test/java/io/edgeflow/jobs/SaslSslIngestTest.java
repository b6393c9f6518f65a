package io.edgeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.agent.channel.Channel;
import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.source.AgentConfig;
import io.edgeflow.agent.source.EdgeAgent;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.jobs.runtime.OutputReader;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.NodeId;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's own transport security end to end: the edge agent delivers over a SASL_SSL channel
 * (SCRAM-SHA-512 over TLS, trusting the broker's CA), the frame ingest job on a MiniCluster reads
 * and writes over SASL_SSL with its own user and a client config file, and decoded poses come out.
 * Clients with a wrong password, without TLS, or not trusting the CA are refused.
 */
class SaslSslIngestTest {
    static final String AGENT_USER = "gw-1";
    static final String AGENT_PASSWORD = "agent-secret";
    static final String JOB_USER = "flink-ingest";
    static final String JOB_PASSWORD = "job-secret";

    @TempDir static Path work;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.cluster(() -> flinkConfig());

    static Configuration flinkConfig() {
        return TestFlink.config(work);
    }

    @Test
    void agentFramesCrossASaslSslBrokerIntoTheIngestJobAndStrangersAreRefused() throws Exception {
        int perRobot = 40;
        try (KraftBroker broker =
                KraftBroker.builder(work.resolve("kafka"))
                        .saslSslListener(
                                "127.0.0.1",
                                Map.of(AGENT_USER, AGENT_PASSWORD, JOB_USER, JOB_PASSWORD))
                        .start()) {
            broker.createTopics(LocalRuntime.TOPICS);

            Map<String, String> agentConfig = new HashMap<>();
            agentConfig.put("outbox.dir", work.resolve("outbox").toString());
            agentConfig.put("nodes", "robot-1,robot-2");
            agentConfig.put("heartbeat.interval.ms", "0");
            agentConfig.put("channel.uplink.bootstrap", broker.saslSslBootstrapServers());
            broker.saslSslClientProperties(AGENT_USER, AGENT_PASSWORD)
                    .forEach((k, v) -> agentConfig.put("channel.uplink.kafka." + k, v));
            // A second uplink whose password is wrong: it must never come up nor carry a frame.
            agentConfig.put("channel.stale.bootstrap", broker.saslSslBootstrapServers());
            broker.saslSslClientProperties(AGENT_USER, "stale-password")
                    .forEach((k, v) -> agentConfig.put("channel.stale.kafka." + k, v));
            FrameCodec codec = new FrameCodec();
            try (EdgeAgent agent =
                    EdgeAgent.start(AgentConfig.parse(AGENT_USER, agentConfig, work))) {
                List<byte[]> frames = new ArrayList<>();
                for (int i = 0; i < perRobot; i++) {
                    frames.add(
                            codec.encode(
                                    NodeId.of("robot-1"), AgentEncryptedIngestTest.message(i)));
                    frames.add(
                            codec.encode(
                                    NodeId.of("robot-2"), AgentEncryptedIngestTest.message(i)));
                }
                agent.intake().submit(frames, MessageClass.LATENCY);
                assertThat(agent.awaitDrained(Duration.ofSeconds(90)))
                        .as("the agent delivered over SASL_SSL")
                        .isTrue();
                for (Channel ch : agent.selector().channels()) {
                    boolean authenticated = ch.name().equals("uplink");
                    assertThat(ch.isUp()).as("channel %s up", ch.name()).isEqualTo(authenticated);
                    assertThat(ch.framesDelivered())
                            .as("frames over channel %s", ch.name())
                            .isEqualTo(authenticated ? 2L * perRobot : 0L);
                }
            }

            // The job's client settings, as a deployment passes them (--kafka-client-config),
            // with the trust store relative to the file.
            Path clientFile = work.resolve("kafka").resolve("ingest-client.properties");
            Properties client = new Properties();
            client.putAll(broker.saslSslClientProperties(JOB_USER, JOB_PASSWORD));
            client.setProperty("ssl.truststore.location", "tls/truststore.p12");
            try (Writer w = Files.newBufferedWriter(clientFile)) {
                client.store(w, "frame ingest job");
            }
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig());
            env.setParallelism(2);
            FrameIngestJob.forKafka(
                            broker.saslSslBootstrapServers(),
                            "sasl-ssl-ingest",
                            KafkaClientConfig.load(clientFile),
                            FrameIngestJob.Settings.defaults()
                                    .withEstimator(FrameIngestJob.Estimator.DEAD_RECKONING))
                    .build(env);
            JobClient job = env.executeAsync(FrameIngestJob.NAME);
            // Read back on the broker's loopback PLAINTEXT listener: only the job must use TLS.
            try (OutputReader out = new OutputReader(broker.bootstrapServers())) {
                assertThat(
                                out.pollUntil(
                                        () -> out.poses().size() >= 2 * perRobot,
                                        Duration.ofMinutes(2),
                                        () -> {}))
                        .as("poses from the job reading and writing over SASL_SSL")
                        .isTrue();
                out.pollUntil(() -> false, Duration.ofSeconds(2), () -> {});
                assertThat(out.deadLetters()).isEmpty();
                for (String robot : List.of("robot-1", "robot-2")) {
                    assertThat(
                                    out.posesByRobot().get(NodeId.of(robot)).stream()
                                            .map(RobotPose::estimate)
                                            .map(e -> e.seq())
                                            .sorted()
                                            .toList())
                            .containsExactlyElementsOf(
                                    LongStream.range(0, perRobot).boxed().toList());
                }
            } finally {
                job.cancel().get();
            }

            Map<String, String> good = broker.saslSslClientProperties(JOB_USER, JOB_PASSWORD);
            Map<String, String> wrongPassword = broker.saslSslClientProperties(JOB_USER, "guessed");
            assertThatThrownBy(() -> describeCluster(broker, wrongPassword))
                    .as("a wrong password")
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .cause()
                    .hasMessageContaining("invalid credentials");
            Map<String, String> noTls = new HashMap<>(good);
            noTls.put("security.protocol", "SASL_PLAINTEXT");
            assertThatThrownBy(() -> describeCluster(broker, noTls))
                    .as("no TLS: the broker drops the connection, the client never gets metadata")
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            Map<String, String> untrusted = new HashMap<>(good);
            untrusted.keySet().removeIf(k -> k.startsWith("ssl.truststore."));
            assertThatThrownBy(() -> describeCluster(broker, untrusted))
                    .as("TLS without trusting the broker's CA")
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    /** The cluster's nodes as a client with {@code settings} sees them on the SASL_SSL listener. */
    private static void describeCluster(KraftBroker broker, Map<String, String> settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        Properties p = new Properties();
        p.putAll(settings);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslSslBootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (Admin admin = Admin.create(p)) {
            // longer than the client's own timeout, which is the answer to check
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }
}
