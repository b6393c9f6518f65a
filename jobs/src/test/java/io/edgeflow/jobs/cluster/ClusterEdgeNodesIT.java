package io.edgeflow.jobs.cluster;

import static io.edgeflow.jobs.cluster.ClusterFailoverIT.await;
import static io.edgeflow.jobs.cluster.ClusterFailoverIT.drain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeflow.agent.channel.LinkProfile;
import io.edgeflow.agent.replay.LogSplitter;
import io.edgeflow.agent.replay.Replayer;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.jobs.runtime.OutputReader;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.protocol.carmen.CarmenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edge nodes on the local multi-process cluster: three TaskManagers, each in its own network
 * namespace with a terrestrial, an LTE and a satellite uplink (tbf on the veth, delay, jitter and
 * loss from its EdgeLink on the Kafka path). The ingest job runs on all three while robots stream;
 * one node's link is cut with {@code ip link set … down}: Flink must declare that TaskManager lost,
 * restart the job on the others, and the committed output must still hold every frame exactly once.
 * The links' round trips and uplink rates, as each node's probe measured them on the TaskManager's
 * own Kafka path, go to target/cluster-edge-it/edge-figures.txt.
 */
class ClusterEdgeNodesIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEdgeNodesIT.class);

    static final List<LinkProfile> LINKS =
            List.of(LinkProfile.TERRESTRIAL, LinkProfile.LTE, LinkProfile.SATELLITE);
    static final int ROBOTS = 3;
    static final int LOG_RECORDS = 4000;
    static final Duration STREAM_DURATION = Duration.ofSeconds(45);
    static final String GROUP = "edgeflow-edge-it";

    @Test
    void aCutEdgeLinkFailsTheJobOverToTheOtherNodesExactlyOnce() throws Exception {
        long started = System.nanoTime();
        long cpuStarted = ProcessCpu.descendantsAndSelfNanos();
        Path work = ProjectHome.locate().resolve("jobs/target/cluster-edge-it");
        ClusterFailoverIT.deleteTree(work);
        Files.createDirectories(work);
        List<RobotLog> robots = robots();
        long totalFrames = robots.stream().mapToLong(r -> r.records().size()).sum();
        List<String> figures = new ArrayList<>();

        ClusterState cluster =
                LocalFlinkCluster.up(
                        new LocalFlinkCluster.Options(
                                work,
                                LINKS.size(),
                                0,
                                0,
                                false,
                                ClusterFailoverIT.FAST_FAILOVER,
                                LINKS),
                        LOG::info);
        try {
            assertThat(cluster.edgeNodes()).hasSize(LINKS.size());
            FlinkSessionRest flink = new FlinkSessionRest(cluster.restUrl());
            String jobId =
                    ClusterFailoverIT.submitAndAwaitRunning(
                            flink, cluster, JobCatalog.named("ingest"), GROUP, LINKS.size(), null);
            // Every edge node runs part of the job (slots are spread over TaskManagers).
            assertThat(taskManagersRunning(flink, jobId))
                    .containsExactlyInAnyOrderElementsOf(
                            cluster.edgeNodes().stream().map(EdgeNode::taskManager).toList());

            // A third of the frames at least still to come when the link is cut.
            GatedFrameSink.Gate untilCut = new GatedFrameSink.Gate(totalFrames * 2 / 3);
            CompletableFuture<Replayer.Result> stream =
                    ClusterFailoverIT.replayInBackground(
                            robots, cluster.bootstrapServers(), STREAM_DURATION, List.of(untilCut));
            try (OutputReader out = new OutputReader(cluster.bootstrapServers())) {
                assertThat(
                                out.pollUntil(
                                        () -> out.poses().size() > totalFrames / 8,
                                        Duration.ofMinutes(2),
                                        () -> {}))
                        .as("first committed output through the edge links")
                        .isTrue();

                // The dashboard's and alerts' metrics, the ingest job's own among them, in a
                // scrape of the JobManager on loopback and of each edge node at its address.
                List<String> hosts = new ArrayList<>(List.of("127.0.0.1"));
                cluster.edgeNodes().forEach(n -> hosts.add(n.address()));
                JobCatalog.JobSpec ingest = JobCatalog.named("ingest");
                await(
                        () -> DashboardMetrics.missing(ingest, hosts).isEmpty(),
                        Duration.ofSeconds(60),
                        "all dashboard metrics exported");
                figures.add(
                        "dashboard/alert metrics found in a scrape of the JobManager and the edge"
                                + " nodes: "
                                + DashboardMetrics.assertAllExported(ingest, hosts));

                // Each link as its probe measured it on the TaskManager's Kafka path, and as the
                // job's own Kafka producers see it.
                Map<String, Double> produceLatency = JobKafkaLatency.byTaskManager(flink, jobId);
                figures.add(
                        "the job's Kafka produce request latency (mean ms) by TaskManager: "
                                + produceLatency);
                figures.add(
                        String.format(
                                "%-14s %-11s %-28s %-34s %s",
                                "TaskManager",
                                "profile",
                                "configured",
                                "measured RTT ms",
                                "uplink"));
                for (EdgeNode node : cluster.edgeNodes()) {
                    Properties m = awaitMeasured(node);
                    LinkProfile p = LinkProfile.named(node.profile());
                    double median = Double.parseDouble(m.getProperty("rtt_ms_median"));
                    double min = Double.parseDouble(m.getProperty("rtt_ms_min"));
                    figures.add(
                            String.format(
                                    "%-14s %-11s %-28s %-34s %s Mbit/s",
                                    node.taskManager(),
                                    p.name(),
                                    String.format(
                                            "%d ms RTT, %d Mbit/s",
                                            p.baseRtt().toMillis(), p.bitsPerSecond() / 1_000_000),
                                    String.format(
                                            "median %s, min %s, max %s",
                                            m.getProperty("rtt_ms_median"),
                                            m.getProperty("rtt_ms_min"),
                                            m.getProperty("rtt_ms_max")),
                                    m.getProperty("uplink_mbit")));
                    // The emulator holds every chunk at least the one-way delay in each direction:
                    // a lower bound that proves the probe's path, hence the TaskManager's, crosses
                    // the link.
                    assertThat(min)
                            .as("%s: minimum RTT on the %s link", node.taskManager(), p.name())
                            .isGreaterThanOrEqualTo(p.baseRtt().toMillis());
                    assertThat(median).isGreaterThanOrEqualTo(min);
                }

                // Cut the LTE node's link, mid-stream.
                EdgeNode cut = cluster.edgeNodes().get(1);
                drain(out);
                long committedAtCut = out.poses().size();
                long cutAt = System.nanoTime();
                EdgeNetwork.namespace(cut).linkDown();
                untilCut.release();
                LOG.info("cut the link of {} ({})", cut.taskManager(), cut.namespace());
                // Task states come from the execution graph; the REST metrics (numRestarts) can
                // lag: the metric fetcher's query to the unreachable node waits for web.timeout.
                await(
                        () ->
                                flink.allTasksRunning(jobId)
                                        && !taskManagersRunning(flink, jobId)
                                                .contains(cut.taskManager()),
                        Duration.ofMinutes(2),
                        "job restarted without the cut node");
                long failoverMillis = (System.nanoTime() - cutAt) / 1_000_000;
                Set<String> runningOn = taskManagersRunning(flink, jobId);
                assertThat(runningOn)
                        .as("TaskManagers running the job after the cut")
                        .doesNotContain(cut.taskManager())
                        .isNotEmpty();
                assertThat(flink.registeredTaskManagers())
                        .as("the cut TaskManager is no longer registered")
                        .isEqualTo(LINKS.size() - 1);
                boolean streamRunningAtFailover = !stream.isDone();

                Replayer.Result replayed = stream.get(5, java.util.concurrent.TimeUnit.MINUTES);
                assertThat(replayed.frames()).isEqualTo(totalFrames);
                assertThat(
                                out.pollUntil(
                                        () -> out.poses().size() >= totalFrames,
                                        Duration.ofMinutes(2),
                                        () -> {}))
                        .as("all %d poses committed (have %d)", totalFrames, out.poses().size())
                        .isTrue();
                out.pollUntil(() -> false, Duration.ofSeconds(5), () -> {});
                for (RobotLog robot : robots) {
                    List<Long> seqs =
                            out
                                    .posesByRobot()
                                    .getOrDefault(NodeId.of(robot.robotName()), List.of())
                                    .stream()
                                    .map(p -> p.estimate().seq())
                                    .sorted()
                                    .toList();
                    assertThat(seqs)
                            .as("committed poses of %s: every seq exactly once", robot.robotName())
                            .containsExactlyElementsOf(
                                    LongStream.range(0, robot.records().size()).boxed().toList());
                }
                figures.add(
                        String.format(
                                "link of %s (%s) cut with ip link set %s down at %d committed poses;"
                                        + " job restarted on %s in %d ms (stream still running: %s);"
                                        + " %d poses committed in the end, each seq once",
                                cut.taskManager(),
                                cut.profile(),
                                cut.hostInterface(),
                                committedAtCut,
                                runningOn,
                                failoverMillis,
                                streamRunningAtFailover,
                                out.poses().size()));
                flink.cancel(jobId);
            }
        } finally {
            figures.add(
                    String.format(
                            "IT run time %d ms wall, %d ms CPU (test JVM + cluster), load average %s",
                            (System.nanoTime() - started) / 1_000_000,
                            (ProcessCpu.descendantsAndSelfNanos() - cpuStarted) / 1_000_000,
                            ProcessCpu.loadAverage()));
            String report = String.join("\n", figures) + "\n";
            Files.writeString(work.resolve("edge-figures.txt"), report);
            System.out.println(report);
            LocalFlinkCluster.down(cluster);
        }
    }

    /** Waits for the node's first successful link probe. */
    static Properties awaitMeasured(EdgeNode node) throws Exception {
        Properties[] last = {new Properties()};
        await(
                () -> {
                    last[0] = node.measured();
                    return last[0].containsKey("rtt_ms_median");
                },
                Duration.ofSeconds(60),
                "link figures of " + node.taskManager());
        return last[0];
    }

    /** The TaskManagers (resource ids) that host a subtask of the job. */
    static Set<String> taskManagersRunning(FlinkSessionRest flink, String jobId) throws Exception {
        Set<String> ids = new HashSet<>();
        for (JsonNode v : flink.get("/jobs/" + jobId).path("vertices")) {
            for (JsonNode tm :
                    flink.get(
                                    "/jobs/"
                                            + jobId
                                            + "/vertices/"
                                            + v.path("id").asText()
                                            + "/taskmanagers")
                            .path("taskmanagers")) {
                ids.add(tm.path("taskmanager-id").asText());
            }
        }
        return ids;
    }

    static List<RobotLog> robots() throws Exception {
        List<CarmenRecord> records = new ArrayList<>();
        try (CarmenLogReader r =
                CarmenLogReader.open(ProjectHome.data("laser/intel.clf.bz2"), w -> {})) {
            while (records.size() < LOG_RECORDS && r.hasNext()) {
                records.add(r.next());
            }
        }
        return LogSplitter.split(records, ROBOTS, "edge-robot-");
    }
}
