package io.edgeflow.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), started in this JVM
 * from the Kafka jars. Its storage is formatted in a work directory and it listens on loopback
 * only. Used by the local runtime and by tests; {@link #main} runs it as a child process for fault
 * tests that need to kill it.
 */
public final class KraftBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KraftBroker.class);

    /** The largest record batch the broker accepts; producers set max.request.size to match. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;

    private KraftBroker(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
    }

    /**
     * Formats (if new) and starts a broker with its data under {@code workDir}.
     *
     * @param port the client port on 127.0.0.1, or 0 for a free one
     */
    public static KraftBroker start(Path workDir, int port) throws IOException {
        return start(workDir, port, Map.of());
    }

    public static KraftBroker start(Path workDir, int port, Map<String, String> overrides)
            throws IOException {
        Path logDir = workDir.resolve("kafka-logs").toAbsolutePath();
        Files.createDirectories(logDir);
        int clientPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + clientPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Flink's KafkaSink transactions must time out below this (see flink-conf/config.yaml).
        props.put("transaction.max.timeout.ms", "900000");
        props.put("auto.create.topics.enable", "false");
        // Room for a maximal frame (1 MiB payload by default) plus batch overhead.
        props.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        props.putAll(overrides);

        Path config = workDir.resolve("server.properties").toAbsolutePath();
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            try (Writer w = Files.newBufferedWriter(config)) {
                props.store(w, "edgeflow local KRaft broker");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc =
                    StorageTool.execute(
                            new String[] {
                                "format",
                                "--cluster-id",
                                Uuid.randomUuid().toString(),
                                "--config",
                                config.toString(),
                                "--ignore-formatted"
                            },
                            new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IOException(
                        "formatting Kafka storage failed ("
                                + rc
                                + "): "
                                + out.toString(StandardCharsets.UTF_8));
            }
        }
        KafkaRaftServer server =
                new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        KraftBroker broker = new KraftBroker(server, "127.0.0.1:" + clientPort, logDir);
        broker.awaitReady(Duration.ofSeconds(60));
        LOG.info("Kafka broker (KRaft) ready on {}", broker.bootstrapServers);
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(p);
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "creating topic " + t.name() + " failed", e);
                    }
                }
            }
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics", e);
        }
    }

    /**
     * Waits until every partition of the topics has a leader: a freshly created topic can be listed
     * before its partitions are ready, and a client that looks them up then sees none.
     */
    private static void awaitLeaders(Admin admin, List<String> names)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                boolean ready =
                        admin
                                .describeTopics(names)
                                .allTopicNames()
                                .get(10, TimeUnit.SECONDS)
                                .values()
                                .stream()
                                .allMatch(
                                        d ->
                                                !d.partitions().isEmpty()
                                                        && d.partitions().stream()
                                                                .allMatch(p -> p.leader() != null));
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // Not known to this broker's metadata yet: try again.
            }
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException(
                        "partitions of " + names + " have no leader");
            }
            Thread.sleep(100);
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the broker", e);
            }
        }
        throw new IOException("Kafka broker not ready within " + timeout, last);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker on {} stopped", bootstrapServers);
    }

    /**
     * Runs a broker as its own process until killed: {@code KraftBroker WORK_DIR PORT}. Prints
     * {@code READY <bootstrap>} on stdout once clients can connect.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KraftBroker WORK_DIR PORT");
            System.exit(2);
        }
        KraftBroker broker = start(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.out.println("READY " + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
