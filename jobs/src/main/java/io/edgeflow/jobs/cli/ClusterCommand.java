package io.edgeflow.jobs.cli;

import io.edgeflow.agent.channel.LinkProfile;
import io.edgeflow.jobs.cluster.ClusterProcess;
import io.edgeflow.jobs.cluster.ClusterState;
import io.edgeflow.jobs.cluster.EdgeNode;
import io.edgeflow.jobs.cluster.FlinkSessionRest;
import io.edgeflow.jobs.cluster.JobKafkaLatency;
import io.edgeflow.jobs.cluster.LocalFlinkCluster;
import io.edgeflow.jobs.runtime.ProjectHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeflow cluster up|status|down}: a local multi-process Flink session cluster. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description =
                "A Flink standalone session cluster of real processes (JobManager, TaskManagers),"
                        + " a KRaft Kafka broker and optionally Prometheus, on loopback.",
        subcommands = {
            ClusterCommand.Up.class,
            ClusterCommand.Status.class,
            ClusterCommand.Down.class
        })
public final class ClusterCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static Path defaultWorkDir() {
        return ProjectHome.locate().resolve("out/cluster");
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start the cluster.")
    static final class Up implements Callable<Integer> {
        @Option(
                names = "--taskmanagers",
                defaultValue = "2",
                description = "TaskManagers (default ${DEFAULT-VALUE}), 2 slots each")
        int taskManagers;

        @Option(
                names = "--rest-port",
                defaultValue = "8081",
                description = "web UI / REST port (a free one if taken)")
        int restPort;

        @Option(
                names = "--kafka-port",
                defaultValue = "9092",
                description = "Kafka port (a free one if taken)")
        int kafkaPort;

        @Option(
                names = "--prometheus",
                description = "also run Prometheus scraping every Flink process")
        boolean prometheus;

        @Option(
                names = "--work-dir",
                description = "logs, checkpoints, state (default out/cluster)")
        Path workDir;

        @Option(
                names = "--netns",
                description =
                        "run each TaskManager as an edge node in its own network namespace, its"
                                + " uplink shaped to a link profile (needs root and iproute2)")
        boolean netns;

        @Option(
                names = "--profiles",
                split = ",",
                defaultValue = "terrestrial,lte,satellite",
                description =
                        "link profiles of the edge nodes, assigned in turn (default"
                                + " ${DEFAULT-VALUE}; known: terrestrial (fibre), lte, satellite)")
        List<String> profiles;

        @Override
        public Integer call() throws Exception {
            Path work = workDir != null ? workDir : defaultWorkDir();
            List<LinkProfile> links =
                    netns ? profiles.stream().map(LinkProfile::named).toList() : List.of();
            ClusterState state =
                    LocalFlinkCluster.up(
                            new LocalFlinkCluster.Options(
                                    work,
                                    taskManagers,
                                    restPort,
                                    kafkaPort,
                                    prometheus,
                                    Map.of(),
                                    links),
                            msg -> System.err.println("edgeflow: " + msg));
            print(state);
            System.out.println("submit a job:  ./edgeflow submit slam");
            if (netns) {
                System.out.println(
                        "link figures:  ./edgeflow cluster status (first probe in 10 s)");
                System.out.flush();
                // The namespaces must outlive this command: NetworkNamespace deletes them in a
                // shutdown hook of the JVM that created them, so end without running hooks.
                // `cluster down` deletes them.
                Runtime.getRuntime().halt(0);
            }
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show processes and jobs.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--work-dir", description = "the cluster's work dir (default out/cluster)")
        Path workDir;

        @Override
        public Integer call() throws Exception {
            ClusterState state = ClusterState.load(workDir != null ? workDir : defaultWorkDir());
            print(state);
            FlinkSessionRest rest = new FlinkSessionRest(state.restUrl());
            if (!rest.reachable()) {
                System.out.println("JobManager REST not reachable");
                return 1;
            }
            System.out.println("registered TaskManagers: " + rest.registeredTaskManagers());
            printEdgeLinks(state);
            for (var job : rest.get("/jobs/overview").path("jobs")) {
                System.out.printf(
                        "job %s  %-10s %s%n",
                        job.path("jid").asText(),
                        job.path("state").asText(),
                        job.path("name").asText());
                if (!state.edgeNodes().isEmpty() && job.path("state").asText().equals("RUNNING")) {
                    JobKafkaLatency.byTaskManager(rest, job.path("jid").asText())
                            .forEach(
                                    (tm, ms) ->
                                            System.out.printf(
                                                    "  %-14s the job's Kafka produce requests: %.1f"
                                                            + " ms mean latency%n",
                                                    tm, ms));
                }
            }
            boolean allAlive = state.processes().stream().allMatch(ClusterProcess::alive);
            return allAlive ? 0 : 1;
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stop every process of the cluster.")
    static final class Down implements Callable<Integer> {
        @Option(names = "--work-dir", description = "the cluster's work dir (default out/cluster)")
        Path workDir;

        @Override
        public Integer call() throws Exception {
            ClusterState state = ClusterState.load(workDir != null ? workDir : defaultWorkDir());
            LocalFlinkCluster.down(state);
            System.out.println("stopped; logs and checkpoints stay in " + state.workDir());
            return 0;
        }
    }

    static void print(ClusterState s) {
        System.out.println("web UI / REST   " + s.restUrl());
        System.out.println("Kafka           " + s.bootstrapServers());
        if (s.prometheusUrl() != null) {
            System.out.println("Prometheus      " + s.prometheusUrl());
        }
        if (s.clusterAddress() != null) {
            System.out.println(
                    "cluster address "
                            + s.clusterAddress()
                            + " (JobManager RPC, Kafka, for the edge nodes)");
        }
        System.out.println("work dir        " + s.workDir());
        for (ClusterProcess p : s.processes()) {
            System.out.printf(
                    "  %-14s pid %-8d %-7s %s%n",
                    p.role(), p.pid(), p.alive() ? "running" : "GONE", p.log());
        }
    }

    /** Each edge node's profile and what its EdgeLink last measured on the TaskManager's path. */
    static void printEdgeLinks(ClusterState s) {
        if (s.edgeNodes().isEmpty()) {
            return;
        }
        System.out.println(
                "edge links (configured; measured on the TaskManager's Kafka path by its EdgeLink):");
        for (EdgeNode n : s.edgeNodes()) {
            LinkProfile p = LinkProfile.named(n.profile());
            Properties m = n.measured();
            String measured;
            if (m.isEmpty()) {
                measured = "not measured yet";
            } else if (m.containsKey("error")) {
                measured =
                        "DOWN? " + m.getProperty("error") + " at " + m.getProperty("measured_at");
            } else {
                measured =
                        String.format(
                                "RTT %s ms (min %s, max %s), uplink %s Mbit/s at %s",
                                m.getProperty("rtt_ms_median"),
                                m.getProperty("rtt_ms_min"),
                                m.getProperty("rtt_ms_max"),
                                m.getProperty("uplink_mbit"),
                                m.getProperty("measured_at"));
            }
            System.out.printf(
                    "  %-14s %-11s %-15s netns %s; configured RTT %d ms ± %d, loss %s %%, %d Mbit/s;"
                            + " measured %s%n",
                    n.taskManager(),
                    p.name(),
                    n.address(),
                    n.namespace(),
                    p.baseRtt().toMillis(),
                    p.jitter().toMillis() * 2,
                    p.loss() * 100,
                    p.bitsPerSecond() / 1_000_000,
                    measured);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClusterCommand()).execute(args));
    }
}
