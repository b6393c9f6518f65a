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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), started in this JVM
 * from the Kafka jars. Its storage is formatted in a work directory; it listens on loopback, and
 * optionally on another address and with SASL_SSL ({@link #builder}). Used by the local runtime and
 * by tests; {@link #main} runs it as a child process for fault tests that need to kill it.
 */
public final class KraftBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KraftBroker.class);

    /** The largest record batch the broker accepts; producers set max.request.size to match. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** The only SASL mechanism the SASL_SSL listener offers. */
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    private static final String EXTERNAL = "EXTERNAL";
    private static final String SECURE = "SECURE";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String externalBootstrapServers;
    private final String saslSslBootstrapServers;
    private final BrokerTls tls;
    private final Path logDir;

    private KraftBroker(
            KafkaRaftServer server,
            String bootstrapServers,
            String externalBootstrapServers,
            String saslSslBootstrapServers,
            BrokerTls tls,
            Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.externalBootstrapServers = externalBootstrapServers;
        this.saslSslBootstrapServers = saslSslBootstrapServers;
        this.tls = tls;
        this.logDir = logDir;
    }

    /**
     * Formats (if new) and starts a broker with its data under {@code workDir}.
     *
     * @param port the client port on 127.0.0.1, or 0 for a free one
     */
    public static KraftBroker start(Path workDir, int port) throws IOException {
        return builder(workDir).port(port).start();
    }

    public static KraftBroker start(Path workDir, int port, Map<String, String> overrides)
            throws IOException {
        return builder(workDir).port(port).overrides(overrides).start();
    }

    /**
     * A broker with more than the loopback PLAINTEXT listener: one on another address (a veth link
     * to a network namespace, a LAN interface), a SASL_SSL one, or both.
     */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /**
     * What the broker listens on. The loopback PLAINTEXT listener is always there: the broker's own
     * traffic (inter-broker, transaction markers) and local tools use it, so cutting an external
     * link never cuts the broker off from itself.
     */
    public static final class Builder {
        private final Path workDir;
        private int port;
        private String externalHost;
        private String saslSslHost;
        private Map<String, String> scramUsers = Map.of();
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** The loopback PLAINTEXT port, 0 (the default) for a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Adds a PLAINTEXT listener bound to {@code host} and advertised as {@code host}, so
         * clients that reach the broker only there (e.g. from inside a network namespace, at its
         * veth's host address) get addresses they can dial.
         */
        public Builder externalListener(String host) {
            this.externalHost = requireHost(host);
            return this;
        }

        /**
         * Adds a SASL_SSL listener on {@code host}: TLS with a certificate for {@code host} and
         * loopback, signed by a throwaway CA made at start ({@link BrokerTls}); clients log in with
         * SCRAM-SHA-512 as one of {@code users} (name → password), created at start.
         */
        public Builder saslSslListener(String host, Map<String, String> users) {
            if (users.isEmpty()) {
                throw new IllegalArgumentException("a SASL_SSL listener needs at least one user");
            }
            users.forEach(
                    (name, password) -> {
                        if (name.contains("\"") || password.contains("\"")) {
                            throw new IllegalArgumentException(
                                    "SCRAM user names and passwords may not contain '\"'");
                        }
                    });
            this.saslSslHost = requireHost(host);
            this.scramUsers = new LinkedHashMap<>(users);
            return this;
        }

        /** Broker properties set last, over everything else. */
        public Builder overrides(Map<String, String> overrides) {
            this.overrides.putAll(overrides);
            return this;
        }

        public KraftBroker start() throws IOException {
            return KraftBroker.start(this);
        }

        private static String requireHost(String host) {
            if (host == null || host.isBlank() || host.contains(":")) {
                throw new IllegalArgumentException("expected a host name or IPv4 address: " + host);
            }
            return host;
        }
    }

    private static KraftBroker start(Builder b) throws IOException {
        Path workDir = b.workDir;
        Path logDir = workDir.resolve("kafka-logs").toAbsolutePath();
        Files.createDirectories(logDir);
        int clientPort = b.port == 0 ? freePort("127.0.0.1") : b.port;
        int controllerPort = freePort("127.0.0.1");
        List<String> listeners = new ArrayList<>(List.of("PLAINTEXT://127.0.0.1:" + clientPort));
        List<String> protocols =
                new ArrayList<>(List.of("PLAINTEXT:PLAINTEXT", "CONTROLLER:PLAINTEXT"));
        String external = null;
        if (b.externalHost != null) {
            external = b.externalHost + ":" + freePort(b.externalHost);
            listeners.add(EXTERNAL + "://" + external);
            protocols.add(EXTERNAL + ":PLAINTEXT");
        }
        String secure = null;
        BrokerTls tls = null;
        Map<String, String> secureProps = new LinkedHashMap<>();
        if (b.saslSslHost != null) {
            secure = b.saslSslHost + ":" + freePort(b.saslSslHost);
            listeners.add(SECURE + "://" + secure);
            protocols.add(SECURE + ":SASL_SSL");
            tls =
                    BrokerTls.generate(
                            workDir.resolve("tls").toAbsolutePath(),
                            List.of(b.saslSslHost, "127.0.0.1", "localhost"));
            String listener = SECURE.toLowerCase(Locale.ROOT);
            secureProps.putAll(tls.listenerProperties(listener));
            secureProps.put(
                    "listener.name." + listener + ".sasl.enabled.mechanisms", SASL_MECHANISM);
            secureProps.put(
                    "listener.name."
                            + listener
                            + "."
                            + SASL_MECHANISM.toLowerCase(Locale.ROOT)
                            + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put(
                "listeners",
                String.join(",", listeners) + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", String.join(",", listeners));
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", String.join(",", protocols));
        props.putAll(secureProps);
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
        props.putAll(b.overrides);

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
        KraftBroker broker =
                new KraftBroker(server, "127.0.0.1:" + clientPort, external, secure, tls, logDir);
        try {
            broker.awaitReady(broker.bootstrapServers, Map.of(), Duration.ofSeconds(60));
            if (secure != null) {
                broker.createScramUsers(b.scramUsers);
                Map.Entry<String, String> user = b.scramUsers.entrySet().iterator().next();
                broker.awaitReady(
                        secure,
                        broker.saslSslClientProperties(user.getKey(), user.getValue()),
                        Duration.ofSeconds(60));
            }
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.info(
                "Kafka broker (KRaft) ready on {}{}{}",
                broker.bootstrapServers,
                external == null ? "" : ", " + EXTERNAL + " " + external,
                secure == null ? "" : ", SASL_SSL " + secure);
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The PLAINTEXT listener on the builder's external host. */
    public String externalBootstrapServers() {
        if (externalBootstrapServers == null) {
            throw new IllegalStateException("this broker has no external listener");
        }
        return externalBootstrapServers;
    }

    /** The SASL_SSL listener (SCRAM-SHA-512 over TLS). */
    public String saslSslBootstrapServers() {
        if (saslSslBootstrapServers == null) {
            throw new IllegalStateException("this broker has no SASL_SSL listener");
        }
        return saslSslBootstrapServers;
    }

    /** The SASL_SSL listener's key and trust stores. */
    public BrokerTls tls() {
        if (tls == null) {
            throw new IllegalStateException("this broker has no SASL_SSL listener");
        }
        return tls;
    }

    /**
     * What a Kafka client needs to talk to the SASL_SSL listener as {@code user} (bootstrap servers
     * not included): the protocol, SCRAM login and the trust store.
     */
    public Map<String, String> saslSslClientProperties(String user, String password) {
        Map<String, String> p = new LinkedHashMap<>(tls().trustProperties());
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", SASL_MECHANISM);
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user
                        + "\" password=\""
                        + password
                        + "\";");
        return p;
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

    /**
     * Creates (or updates) SCRAM-SHA-512 credentials; the broker learns them from its metadata log,
     * so they work right after the call returns or very soon after.
     */
    private void createScramUsers(Map<String, String> users) throws IOException {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        users.forEach(
                (name, password) ->
                        upserts.add(
                                new UserScramCredentialUpsertion(
                                        name,
                                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                                        password)));
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("creating SCRAM users failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating SCRAM users", e);
        }
    }

    /**
     * Waits until a client with {@code client} settings gets the cluster's nodes from {@code
     * bootstrap}.
     */
    private void awaitReady(String bootstrap, Map<String, String> client, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        Properties p = new Properties();
        p.putAll(client);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(p)) {
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
        throw new IOException(
                "Kafka broker not ready on " + bootstrap + " within " + timeout, last);
    }

    static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
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
