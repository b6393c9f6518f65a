package io.edgeflow.jobs.cluster;

import io.edgeflow.agent.channel.LinkProfile;
import io.edgeflow.agent.channel.NetworkNamespace;
import io.edgeflow.jobs.runtime.LocalRuntime;
import io.edgeflow.jobs.runtime.ProjectHome;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink standalone session cluster as real processes on this machine: one JobManager
 * (StandaloneSessionClusterEntrypoint) and N TaskManagers (TaskManagerRunner), each its own JVM
 * started from the project's classpath with flink-conf/config.yaml, plus a KRaft Kafka broker
 * process and optionally a Prometheus server scraping Flink's Prometheus reporter. Everything
 * listens on 127.0.0.1 and keeps its files under one work dir; memory flags are computed the way
 * Flink's own start scripts compute them.
 *
 * <p>With edge links, each TaskManager is an edge node instead: it runs in its own network
 * namespace behind a veth shaped to a link profile's bandwidth, beside an EdgeLink process that
 * adds the profile's delay, jitter and loss to its Kafka path; the JobManager and the broker stay
 * in the root namespace on a cluster address the namespaces reach (see EdgeNetwork).
 */
public final class LocalFlinkCluster {

    /**
     * @param restPort 0 for a free port; a taken port also falls back to a free one
     * @param kafkaPort 0 for a free port, likewise
     * @param flinkSettings set over flink-conf/config.yaml (tests shorten intervals here)
     * @param edgeLinks empty for TaskManagers on loopback; else TaskManager i runs as an edge node
     *     whose uplink follows {@code edgeLinks[i % size]}
     */
    public record Options(
            Path workDir,
            int taskManagers,
            int restPort,
            int kafkaPort,
            boolean prometheus,
            Map<String, String> flinkSettings,
            List<LinkProfile> edgeLinks) {
        public Options {
            edgeLinks = List.copyOf(edgeLinks);
        }

        public static Options defaults(Path workDir, int taskManagers) {
            return new Options(workDir, taskManagers, 8081, 9092, false, Map.of(), List.of());
        }

        LinkProfile edgeLink(int taskManager) {
            return edgeLinks.get((taskManager - 1) % edgeLinks.size());
        }
    }

    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final String TASK_MANAGER_PROCESS_SIZE = "1536m";
    static final String JOB_MANAGER_PROCESS_SIZE = "1024m";

    private LocalFlinkCluster() {}

    /** Starts broker, JobManager, TaskManagers (and Prometheus); saves and returns the state. */
    public static ClusterState up(Options o, Consumer<String> progress)
            throws IOException, InterruptedException {
        Path work = o.workDir().toAbsolutePath();
        if (Files.exists(work.resolve(ClusterState.FILE))) {
            ClusterState old = ClusterState.load(work);
            if (old.processes().stream().anyMatch(ClusterProcess::alive)) {
                throw new IllegalStateException(
                        "a cluster is already running from "
                                + work
                                + " (REST "
                                + old.restUrl()
                                + "); stop it with `./edgeflow cluster down`");
            }
        }
        Files.createDirectories(work.resolve("log"));
        Path conf = work.resolve("conf");
        Files.createDirectories(conf);
        writeLog4j(conf);
        List<ClusterProcess> started = new ArrayList<>();
        List<EdgeNode> edgeNodes = new ArrayList<>();
        boolean edge = !o.edgeLinks().isEmpty();
        String clusterAddress = null;
        try {
            if (edge) {
                EdgeNetwork.requireAvailable();
                clusterAddress = EdgeNetwork.addClusterAddress();
                EdgeNetwork.enableForwarding();
                progress.accept("edge nodes reach the cluster at " + clusterAddress);
            }
            progress.accept("starting Kafka broker (KRaft) ...");
            ClusterProcess kafka = startBroker(work, o.kafkaPort(), edge ? "0.0.0.0" : "127.0.0.1");
            started.add(kafka);
            String bootstrap = awaitReadyLine(kafka, START_TIMEOUT);
            try (var admin = adminFor(bootstrap)) {
                createTopics(admin);
            }
            int restPort = o.restPort() != 0 && portFree(o.restPort()) ? o.restPort() : freePort();
            Configuration flink =
                    clusterConfiguration(work, restPort, o.flinkSettings(), clusterAddress);
            writeFlinkConfig(conf, flink);
            String restUrl = "http://127.0.0.1:" + restPort;
            ClusterState state =
                    new ClusterState(
                            work, restUrl, bootstrap, null, started, clusterAddress, edgeNodes);

            progress.accept("starting JobManager ...");
            ClusterProcess jm = startJobManager(state, flink);
            started.add(jm);
            FlinkSessionRest rest = new FlinkSessionRest(restUrl);
            awaitCondition(
                    rest::reachable, List.of(jm), START_TIMEOUT, "JobManager REST " + restUrl);

            for (int i = 1; i <= o.taskManagers(); i++) {
                ClusterState sofar =
                        new ClusterState(
                                work, restUrl, bootstrap, null, started, clusterAddress, edgeNodes);
                if (edge) {
                    progress.accept(
                            "starting TaskManager "
                                    + i
                                    + " as an edge node ("
                                    + o.edgeLink(i).name()
                                    + " link) ...");
                    ClusterState with =
                            startEdgeTaskManager(sofar, "taskmanager-" + i, o.edgeLink(i));
                    started.clear();
                    started.addAll(with.processes());
                    edgeNodes.clear();
                    edgeNodes.addAll(with.edgeNodes());
                } else {
                    progress.accept("starting TaskManager " + i + " ...");
                    started.add(startTaskManager(sofar, "taskmanager-" + i));
                }
            }
            state =
                    new ClusterState(
                            work, restUrl, bootstrap, null, started, clusterAddress, edgeNodes);
            awaitTaskManagers(state, o.taskManagers(), START_TIMEOUT);

            String prometheusUrl = null;
            if (o.prometheus()) {
                progress.accept("starting Prometheus ...");
                int port = freePort();
                List<String> hosts = new ArrayList<>(List.of("127.0.0.1"));
                edgeNodes.forEach(n -> hosts.add(n.address()));
                started.add(PrometheusServer.start(work, port, hosts));
                prometheusUrl = "http://127.0.0.1:" + port;
            }
            state =
                    new ClusterState(
                            work,
                            restUrl,
                            bootstrap,
                            prometheusUrl,
                            started,
                            clusterAddress,
                            edgeNodes);
            state.save();
            return state;
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.forEach(p -> p.stop(Duration.ofSeconds(5)));
            for (EdgeNode n : edgeNodes) {
                EdgeNetwork.remove(n);
            }
            if (clusterAddress != null) {
                EdgeNetwork.removeClusterAddress(clusterAddress);
            }
            throw e;
        }
    }

    /** Stops TaskManagers, then the JobManager, Prometheus and the broker; keeps logs and state. */
    public static void down(ClusterState state) throws IOException {
        List<ClusterProcess> order = new ArrayList<>(state.taskManagers());
        state.processes().stream()
                .filter(p -> !order.contains(p))
                .filter(p -> !p.role().equals("kafka"))
                .forEach(order::add);
        state.processes().stream().filter(p -> p.role().equals("kafka")).forEach(order::add);
        for (ClusterProcess p : order) {
            p.stop(Duration.ofSeconds(20));
        }
        for (EdgeNode n : state.edgeNodes()) {
            EdgeNetwork.remove(n);
        }
        if (state.clusterAddress() != null) {
            EdgeNetwork.removeClusterAddress(state.clusterAddress());
        }
        Files.deleteIfExists(state.workDir().resolve(ClusterState.FILE));
    }

    /** Starts one more TaskManager against the running JobManager (e.g. to replace a dead one). */
    public static ClusterProcess startTaskManager(ClusterState state, String role)
            throws IOException {
        return launch(role, state.workDir(), taskManagerCommand(state, role, List.of()));
    }

    /**
     * Starts a TaskManager as an edge node: a network namespace with its veth capped at the
     * profile's bandwidth, an EdgeLink in it (the broker's advertised 127.0.0.1:port there,
     * forwarding to the broker with the profile's delay, jitter and loss, probing the link), and
     * the TaskManager in it, reachable at the namespace's address. Returns the state with both.
     */
    public static ClusterState startEdgeTaskManager(
            ClusterState state, String role, LinkProfile profile)
            throws IOException, InterruptedException {
        NetworkNamespace ns = EdgeNetwork.create(role, profile);
        String kafkaPort =
                state.bootstrapServers().substring(state.bootstrapServers().lastIndexOf(':') + 1);
        Path report = state.workDir().resolve("log").resolve(role + ".link");
        String linkRole = "edgelink-" + role;
        List<String> link = javaCommand(linkRole, state.workDir(), ProjectClasspath.full());
        link.add(1, "-Xmx64m");
        link.add(EdgeLink.class.getName());
        link.addAll(
                List.of(
                        profile.name(),
                        kafkaPort,
                        state.clusterAddress(),
                        kafkaPort,
                        report.toString()));
        EdgeNode node =
                new EdgeNode(
                        role,
                        ns.name(),
                        ns.hostInterface(),
                        ns.namespaceAddress(),
                        profile.name(),
                        report);
        ClusterProcess launched = launch(linkRole, state.workDir(), ns.wrap(link));
        // EdgeLink writes to stdout only: its .out file is its log.
        ClusterProcess linkProcess =
                new ClusterProcess(linkRole, launched.pid(), outFile(launched));
        try {
            awaitReadyLine(linkProcess, START_TIMEOUT);
            ClusterProcess tm =
                    launch(
                            role,
                            state.workDir(),
                            ns.wrap(
                                    taskManagerCommand(
                                            state,
                                            role,
                                            List.of(
                                                    "taskmanager.host=" + ns.namespaceAddress(),
                                                    "taskmanager.bind-host=0.0.0.0"))));
            return state.with(linkProcess).with(tm, node);
        } catch (IOException | InterruptedException | RuntimeException e) {
            linkProcess.stop(Duration.ofSeconds(5));
            EdgeNetwork.remove(node);
            throw e;
        }
    }

    private static List<String> taskManagerCommand(
            ClusterState state, String role, List<String> settings) throws IOException {
        Path conf = state.workDir().resolve("conf");
        Configuration flink = GlobalConfiguration.loadConfiguration(conf.toString());
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flink);
        Path tmp = Files.createDirectories(state.workDir().resolve("tmp").resolve(role));
        List<String> cmd = new ArrayList<>();
        cmd.addAll(javaCommand(role, state.workDir(), ProjectClasspath.flinkDistribution()));
        cmd.addAll(1, split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
        cmd.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        cmd.addAll(List.of("--configDir", conf.toString()));
        cmd.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
        cmd.addAll(List.of("-D", "taskmanager.resource-id=" + role, "-D", "io.tmp.dirs=" + tmp));
        settings.forEach(s -> cmd.addAll(List.of("-D", s)));
        return cmd;
    }

    public static void awaitTaskManagers(ClusterState state, int count, Duration timeout)
            throws IOException, InterruptedException {
        FlinkSessionRest rest = new FlinkSessionRest(state.restUrl());
        awaitCondition(
                () -> {
                    try {
                        return rest.registeredTaskManagers() >= count;
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                },
                // A TaskManager killed on purpose is gone; watch the others.
                state.taskManagers().stream().filter(ClusterProcess::alive).toList(),
                timeout,
                count + " registered TaskManagers");
    }

    private static ClusterProcess startJobManager(ClusterState state, Configuration flink)
            throws IOException {
        JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(flink);
        Path conf = state.workDir().resolve("conf");
        List<String> cmd = new ArrayList<>();
        cmd.addAll(
                javaCommand("jobmanager", state.workDir(), ProjectClasspath.flinkDistribution()));
        cmd.addAll(1, split(JobManagerProcessUtils.generateJvmParametersStr(spec, flink)));
        cmd.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        cmd.addAll(List.of("--configDir", conf.toString()));
        cmd.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
        return launch("jobmanager", state.workDir(), cmd);
    }

    private static ClusterProcess startBroker(Path work, int port, String listenHost)
            throws IOException {
        int p = port != 0 && portFree(port) ? port : freePort();
        List<String> cmd = javaCommand("kafka", work, ProjectClasspath.full());
        cmd.add(1, "-Xmx512m");
        cmd.add(ClusterBroker.class.getName());
        cmd.add(work.resolve("kafka").toString());
        cmd.add(String.valueOf(p));
        cmd.add(listenHost);
        return launch("kafka", work, cmd);
    }

    /**
     * The broker and EdgeLink print READY and their address on stdout (their .out file) once
     * clients can connect.
     */
    private static String awaitReadyLine(ClusterProcess process, Duration timeout)
            throws IOException, InterruptedException {
        Path out = outFile(process);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(out)) {
                for (String line : Files.readAllLines(out)) {
                    if (line.startsWith("READY ")) {
                        return line.substring("READY ".length()).trim();
                    }
                }
            }
            if (!process.alive()) {
                throw new IOException(
                        process.role() + " exited:\n" + tail(out) + tail(process.log()));
            }
            Thread.sleep(200);
        }
        throw new IOException(process.role() + " not ready within " + timeout + ":\n" + tail(out));
    }

    private static org.apache.kafka.clients.admin.Admin adminFor(String bootstrap) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        return org.apache.kafka.clients.admin.Admin.create(p);
    }

    private static void createTopics(org.apache.kafka.clients.admin.Admin admin)
            throws InterruptedException {
        for (var topic : LocalRuntime.TOPICS) {
            try {
                admin.createTopics(List.of(topic)).all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause()
                        instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw new IllegalStateException(
                            "creating topic " + topic.name() + " failed", e);
                }
            }
        }
    }

    /** flink-conf/config.yaml with this cluster's addresses, ports, paths and memory sizes. */
    static Configuration clusterConfiguration(
            Path work, int restPort, Map<String, String> settings, String clusterAddress)
            throws IOException {
        Configuration c = GlobalConfiguration.loadConfiguration(ProjectHome.flinkConf().toString());
        Map<String, String> local = new LinkedHashMap<>();
        // Edge nodes dial the JobManager (RPC, blobs) on the cluster address from their namespaces.
        String jobManagerAddress = clusterAddress != null ? clusterAddress : "127.0.0.1";
        local.put("jobmanager.rpc.address", jobManagerAddress);
        local.put("jobmanager.rpc.port", String.valueOf(freePort()));
        local.put("jobmanager.bind-host", jobManagerAddress);
        local.put("taskmanager.host", "127.0.0.1");
        local.put("taskmanager.bind-host", "127.0.0.1");
        local.put("rest.address", "127.0.0.1");
        local.put("rest.bind-address", "127.0.0.1");
        local.put("rest.port", String.valueOf(restPort));
        local.put("jobmanager.memory.process.size", JOB_MANAGER_PROCESS_SIZE);
        local.put("taskmanager.memory.process.size", TASK_MANAGER_PROCESS_SIZE);
        // Spread subtasks over the TaskManagers (edge nodes) instead of filling one first.
        local.put("taskmanager.load-balance.mode", "SLOTS");
        local.put("execution.checkpointing.dir", dir(work, "checkpoints").toUri().toString());
        local.put(
                "execution.checkpointing.savepoint-dir",
                dir(work, "savepoints").toUri().toString());
        local.put("io.tmp.dirs", dir(work, "tmp").toString());
        local.put("web.tmpdir", dir(work, "tmp/web").toString());
        local.put("web.upload.dir", dir(work, "jars").toString());
        local.putAll(settings);
        local.forEach(c::setString);
        return c;
    }

    private static void writeFlinkConfig(Path conf, Configuration flink) throws IOException {
        try (Writer w = Files.newBufferedWriter(conf.resolve("config.yaml"))) {
            w.write(
                    "# Written by `edgeflow cluster up` from flink-conf/config.yaml; do not edit.\n");
            for (var e : new java.util.TreeMap<>(flink.toMap()).entrySet()) {
                w.write(e.getKey() + ": '" + e.getValue().replace("'", "''") + "'\n");
            }
        }
    }

    private static void writeLog4j(Path conf) throws IOException {
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "# Each process logs to the file named by -Dlog.file (the web UI shows it).",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        "logger.kafkaserver.name = kafka",
                        "logger.kafkaserver.level = WARN",
                        ""));
    }

    /** java + common flags for a process of the cluster; the caller appends main class and args. */
    private static List<String> javaCommand(String role, Path work, String classpath) {
        Path home = ProjectHome.locate();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-XX:+UseParallelGC");
        cmd.add("@" + home.resolve("flink-conf/jvm17.options"));
        cmd.add("-Dlog.file=" + work.resolve("log").resolve(role + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + work.resolve("conf/log4j.properties").toUri());
        cmd.add("-Dlog4j2.configurationFile=" + work.resolve("conf/log4j.properties").toUri());
        cmd.add("-Djava.io.tmpdir=" + dir(work, "tmp/" + role));
        cmd.add("-cp");
        cmd.add(classpath);
        return cmd;
    }

    /** Starts the process in its own session (setsid) so it outlives the CLI that started it. */
    static ClusterProcess launch(String role, Path work, List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(command);
        Path out = work.resolve("log").resolve(role + ".out");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
        Files.writeString(work.resolve("log").resolve(role + ".cmd"), String.join(" ", cmd) + "\n");
        return new ClusterProcess(role, p.pid(), work.resolve("log").resolve(role + ".log"));
    }

    static Path outFile(ClusterProcess p) {
        return p.log().resolveSibling(p.role() + ".out");
    }

    static void awaitCondition(
            java.util.function.BooleanSupplier condition,
            List<ClusterProcess> watched,
            Duration timeout,
            String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            for (ClusterProcess p : watched) {
                if (!p.alive()) {
                    throw new IOException(
                            p.role()
                                    + " exited while waiting for "
                                    + what
                                    + ":\n"
                                    + tail(outFile(p))
                                    + tail(p.log()));
                }
            }
            Thread.sleep(250);
        }
        throw new IOException("no " + what + " within " + timeout);
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))
                    + "\n";
        } catch (IOException e) {
            return "(no " + file + ")\n";
        }
    }

    private static List<String> split(String flags) {
        return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static Path dir(Path work, String relative) {
        try {
            return Files.createDirectories(work.resolve(relative));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
