package io.edgeflow.jobs.runtime;

import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * edgeflow's embedded default: a real KRaft Kafka broker and a Flink MiniCluster with its web UI,
 * both in this JVM, with all their files under one work directory. Flink reads the same
 * flink-conf/config.yaml a real cluster uses; only paths and ports are pointed here.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    /** Topics and their partition counts (frames and poses partitioned by node). */
    public static final List<NewTopic> TOPICS =
            List.of(
                    new NewTopic(Topics.FRAMES, 8, (short) 1),
                    new NewTopic(Topics.POSES, 8, (short) 1),
                    new NewTopic(Topics.POSES_GLOBAL, 8, (short) 1),
                    // consumers want each tile's newest version only
                    new NewTopic(Topics.MAP_TILES, 4, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(Topics.DLQ, 2, (short) 1),
                    // a registry: only each node's latest status matters
                    new NewTopic(Topics.NODES, 4, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(Topics.NODE_HEALTH, 4, (short) 1),
                    new NewTopic(Topics.TASKS, 4, (short) 1),
                    new NewTopic(Topics.ASSIGNMENTS, 8, (short) 1),
                    new NewTopic(Topics.SYNC_UPDATES, 4, (short) 1),
                    // nodes read back each document's latest merged state
                    new NewTopic(Topics.SYNC_STATE, 4, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")));

    /**
     * @param kafkaPort 0 for a free port
     * @param webUiPort the Flink REST/web UI port; if taken, a free one is used instead
     * @param checkpointInterval null to keep the configured interval
     */
    public record Options(
            Path workDir,
            int kafkaPort,
            int webUiPort,
            int parallelism,
            Duration checkpointInterval) {
        public static Options defaults(Path workDir) {
            return new Options(workDir, 9092, 8081, 2, null);
        }

        /** Free ports everywhere, so parallel test runs never collide. */
        public static Options forTests(Path workDir) {
            return new Options(workDir, 0, 0, 2, Duration.ofSeconds(1));
        }
    }

    private final Options options;
    private final KraftBroker broker;
    private final Configuration flinkConfig;
    private final int webUiPort;

    private LocalRuntime(
            Options options, KraftBroker broker, Configuration flinkConfig, int webUiPort) {
        this.options = options;
        this.broker = broker;
        this.flinkConfig = flinkConfig;
        this.webUiPort = webUiPort;
    }

    public static LocalRuntime start(Options options) throws IOException {
        Path work = options.workDir().toAbsolutePath();
        Files.createDirectories(work);
        int kafkaPort =
                options.kafkaPort() == 0 || !portFree(options.kafkaPort())
                        ? 0
                        : options.kafkaPort();
        KraftBroker broker = KraftBroker.start(work.resolve("kafka"), kafkaPort);
        try {
            broker.createTopics(TOPICS);
            int uiPort =
                    options.webUiPort() != 0 && portFree(options.webUiPort())
                            ? options.webUiPort()
                            : freePort();
            Configuration conf = flinkConfiguration(work, uiPort, options);
            return new LocalRuntime(options, broker, conf, uiPort);
        } catch (RuntimeException | IOException e) {
            broker.close();
            throw e;
        }
    }

    /** flink-conf/config.yaml with paths under the work dir and the chosen ports. */
    static Configuration flinkConfiguration(Path work, int uiPort, Options options)
            throws IOException {
        Configuration conf =
                GlobalConfiguration.loadConfiguration(ProjectHome.flinkConf().toString());
        Path checkpoints = work.resolve("checkpoints");
        Path savepoints = work.resolve("savepoints");
        Path tmp = work.resolve("tmp");
        Files.createDirectories(checkpoints);
        Files.createDirectories(savepoints);
        Files.createDirectories(tmp);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints.toUri().toString());
        conf.set(CoreOptions.TMP_DIRS, tmp.toString());
        conf.set(RestOptions.PORT, uiPort);
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(CoreOptions.DEFAULT_PARALLELISM, options.parallelism());
        conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(options.parallelism()));
        // One JVM shares one Prometheus port range with nothing else; keep it off locally.
        conf.removeKey("metrics.reporter.prom.factory.class");
        conf.removeKey("metrics.reporter.prom.port");
        if (options.checkpointInterval() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval());
            conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofMillis(200));
        }
        conf.set(StateRecoveryOptions.LOCAL_RECOVERY, false);
        return conf;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public KraftBroker broker() {
        return broker;
    }

    public Configuration flinkConfiguration() {
        return new Configuration(flinkConfig);
    }

    public int webUiPort() {
        return webUiPort;
    }

    public String webUiUrl() {
        return "http://localhost:" + webUiPort;
    }

    public Path workDir() {
        return options.workDir();
    }

    /**
     * A fresh environment on a new MiniCluster with the web UI; execute jobs on it asynchronously.
     */
    public StreamExecutionEnvironment newEnvironment() {
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flinkConfiguration());
    }

    @Override
    public void close() {
        broker.close();
        LOG.info("local runtime in {} stopped", options.workDir());
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
