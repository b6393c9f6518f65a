package io.edgeflow.jobs.cli;

import io.edgeflow.jobs.cluster.ClusterProcess;
import io.edgeflow.jobs.cluster.ClusterState;
import io.edgeflow.jobs.cluster.FlinkSessionRest;
import io.edgeflow.jobs.cluster.LocalFlinkCluster;
import io.edgeflow.jobs.runtime.ProjectHome;
import java.nio.file.Path;
import java.util.Map;
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

        @Override
        public Integer call() throws Exception {
            Path work = workDir != null ? workDir : defaultWorkDir();
            ClusterState state =
                    LocalFlinkCluster.up(
                            new LocalFlinkCluster.Options(
                                    work, taskManagers, restPort, kafkaPort, prometheus, Map.of()),
                            msg -> System.err.println("edgeflow: " + msg));
            print(state);
            System.out.println("submit a job:  ./edgeflow submit ingest");
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
            for (var job : rest.get("/jobs/overview").path("jobs")) {
                System.out.printf(
                        "job %s  %-10s %s%n",
                        job.path("jid").asText(),
                        job.path("state").asText(),
                        job.path("name").asText());
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
        System.out.println("work dir        " + s.workDir());
        for (ClusterProcess p : s.processes()) {
            System.out.printf(
                    "  %-14s pid %-8d %-7s %s%n",
                    p.role(), p.pid(), p.alive() ? "running" : "GONE", p.log());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClusterCommand()).execute(args));
    }
}
