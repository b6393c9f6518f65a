package io.edgeflow.jobs.cli;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.sim.FleetSimulator;
import io.edgeflow.agent.sim.OccupancyMap;
import io.edgeflow.agent.sim.OccupancyMapFile;
import io.edgeflow.jobs.bench.FleetScalingPlot;
import io.edgeflow.jobs.bench.LoadAverage;
import io.edgeflow.jobs.bench.PoseArrivals;
import io.edgeflow.jobs.bench.ProcessCpuTime;
import io.edgeflow.jobs.bench.SlamJobBench;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.protocol.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeflow bench fleet}: the fleet simulator against the SLAM job on the embedded runtime,
 * for one or more fleet sizes, each on a fresh broker and MiniCluster.
 */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        description = {
            "The fleet simulator (N robots at R Hz on a map) against the SLAM job the demo runs, on"
                    + " the embedded runtime: scans and frames processed per second, scan→pose"
                    + " latency p50/p99, checkpoint size and duration. One RESULT line per fleet"
                    + " size; with several sizes also a CSV and a PNG of the curve.",
            "Latency is measured by a read_uncommitted consumer of the poses topic: arrival of a"
                    + " scan's pose minus the scan's sensor time (the simulator stamps the wall"
                    + " clock), after a warm-up; edgeflow.poses.global when a global mapper"
                    + " writes it, else edgeflow.poses (local SLAM)."
        })
public final class BenchFleetCommand implements Callable<Integer> {
    private static final double TARGET_P99_MILLIS = 250;

    @Option(
            names = "--robots",
            split = ",",
            defaultValue = "5,10,25,50,100",
            description = "fleet sizes to measure (default ${DEFAULT-VALUE})")
    List<Integer> robots;

    @Option(
            names = "--map",
            paramLabel = "FILE.yaml",
            description = "map_server map (default data/maps/intel.yaml)")
    Path map;

    @Option(
            names = "--rate",
            defaultValue = "10",
            description = "Hz per robot (default ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            description = "simulated run per fleet size (default ${DEFAULT-VALUE})")
    String duration;

    @Option(
            names = "--warmup",
            defaultValue = "15s",
            description =
                    "first part of each run left out of the figures (default ${DEFAULT-VALUE})")
    String warmup;

    @Option(
            names = "--drain-limit",
            defaultValue = "30",
            description =
                    "seconds after the run to wait for the job to catch up (default ${DEFAULT-VALUE})")
    double drainLimitSeconds;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "10s",
            description = "checkpoint interval (default ${DEFAULT-VALUE}, as flink-conf)")
    String checkpointInterval;

    @Option(
            names = "--out",
            defaultValue = "out/bench-fleet",
            description = "work dir, CSV and PNG (default ${DEFAULT-VALUE})")
    Path out;

    /** One fleet size's figures, as a CSV row and for the plot. */
    record Row(
            int robots,
            double offered,
            double scansPerSecond,
            double framesPerSecond,
            String latencyOf,
            double p50,
            double p99,
            double max,
            double jobP50,
            double jobP99,
            double slamP50,
            double slamP99,
            long sent,
            long processed,
            double drainSeconds,
            double simMaxLagMillis,
            double simCpuSeconds,
            double scansPerCpuSecond,
            int checkpoints,
            double checkpointMb,
            double incrementalMaxMb,
            long checkpointP50Millis,
            long checkpointMaxMillis,
            double cpuSeconds,
            double wallSeconds,
            String load) {

        static final String CSV_HEADER =
                "robots,offered_scans_per_s,scans_per_s,frames_per_s,latency_of,p50_ms,p99_ms,max_ms,"
                        + "job_p50_ms,job_p99_ms,slam_p50_ms,slam_p99_ms,scans_sent,scans_processed,"
                        + "drain_s,sim_max_lag_ms,sim_cpu_s,scans_per_cpu_s,checkpoints,checkpoint_mb,incremental_max_mb,"
                        + "checkpoint_p50_ms,checkpoint_max_ms,cpu_s,wall_s,load";

        String csv() {
            return String.format(
                    Locale.ROOT,
                    "%d,%.1f,%.1f,%.1f,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%.2f,%.2f,%d,%d,%.1f,%.1f,%.1f,%.1f,%d,%.2f,%.2f,%d,%d,%.1f,%.1f,\"%s\"",
                    robots,
                    offered,
                    scansPerSecond,
                    framesPerSecond,
                    latencyOf,
                    p50,
                    p99,
                    max,
                    jobP50,
                    jobP99,
                    slamP50,
                    slamP99,
                    sent,
                    processed,
                    drainSeconds,
                    simMaxLagMillis,
                    simCpuSeconds,
                    scansPerCpuSecond,
                    checkpoints,
                    checkpointMb,
                    incrementalMaxMb,
                    checkpointP50Millis,
                    checkpointMaxMillis,
                    cpuSeconds,
                    wallSeconds,
                    load);
        }
    }

    @Override
    public Integer call() throws Exception {
        Path mapFile = map != null ? map : ProjectHome.data("maps/intel.yaml");
        OccupancyMap grid = OccupancyMapFile.read(mapFile);
        Files.createDirectories(out);
        List<Row> rows = new ArrayList<>();
        Path csv = out.resolve("fleet-scaling.csv");
        for (int n : robots) {
            Row r = measure(grid, n);
            rows.add(r);
            if (robots.size() > 1) {
                List<String> lines = new ArrayList<>();
                lines.add(Row.CSV_HEADER);
                rows.forEach(x -> lines.add(x.csv()));
                Files.write(csv, lines); // after every size: a long sweep leaves its partial curve
            }
        }
        if (robots.size() > 1) {
            Path png = out.resolve("fleet-scaling.png");
            FleetScalingPlot.write(
                    rows.stream()
                            .map(
                                    r ->
                                            new FleetScalingPlot.Point(
                                                    r.robots(),
                                                    r.offered(),
                                                    r.scansPerSecond(),
                                                    r.p50(),
                                                    r.p99()))
                            .toList(),
                    String.format(
                            Locale.ROOT,
                            "edgeflow bench fleet: %s on %s at %.0f Hz per robot, %s runs (load %s)",
                            rows.get(0).latencyOf().equals("global")
                                    ? "scan→global pose"
                                    : "scan→local SLAM pose",
                            mapFile.getFileName(),
                            rate,
                            duration,
                            LoadAverage.now()),
                    TARGET_P99_MILLIS,
                    png);
            System.out.println("curve " + csv + " " + png);
        }
        return rows.stream().allMatch(r -> r.processed() >= r.sent()) ? 0 : 1;
    }

    private Row measure(OccupancyMap grid, int n) throws Exception {
        Path work = out.resolve("work");
        DemoCommand.deleteRecursively(work);
        Duration run = SimulateCommand.parseDuration(duration);
        Duration warm = SimulateCommand.parseDuration(warmup);
        FleetSimulator sim =
                new FleetSimulator(grid, SimulateCommand.settings(n, rate, 180, n, "sim-"));
        long deadline = System.nanoTime() + run.toNanos() + Duration.ofMinutes(10).toNanos();
        try (SlamJobBench bench =
                        SlamJobBench.start(
                                work,
                                2,
                                SimulateCommand.parseDuration(checkpointInterval),
                                "bench-fleet",
                                Duration.ofMinutes(5));
                PoseArrivals local = new PoseArrivals(bench.bootstrapServers(), Topics.POSES);
                PoseArrivals global =
                        new PoseArrivals(bench.bootstrapServers(), Topics.POSES_GLOBAL)) {
            System.err.printf("%d robots at %.0f Hz for %s ...%n", n, rate, duration);
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long cpu0 = ProcessCpuTime.nanos();
            long wall0 = System.nanoTime();
            long start = System.currentTimeMillis() * 1000;
            long[] simCpu = new long[1];
            CompletableFuture<FleetSimulator.Result> running =
                    CompletableFuture.supplyAsync(
                            () -> {
                                long c0 = threads.getCurrentThreadCpuTime();
                                try (FrameProducer producer =
                                        new FrameProducer(
                                                bench.bootstrapServers(), Topics.FRAMES)) {
                                    return sim.run(producer, run);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new IllegalStateException(e);
                                } finally {
                                    simCpu[0] = threads.getCurrentThreadCpuTime() - c0;
                                }
                            });
            while (!running.isDone()) {
                bench.collectCheckpoints();
                Thread.sleep(1000);
            }
            FleetSimulator.Result sent = running.join();
            long end = start + run.toNanos() / 1000;
            long simEnd = System.nanoTime();
            long processed =
                    bench.awaitProcessed(
                            sent.scans(),
                            Math.min(deadline, simEnd + (long) (drainLimitSeconds * 1e9)));
            double drain = (System.nanoTime() - simEnd) / 1e9;
            long frames = bench.framesDecoded();
            double framesPerSecond = frames / ((System.nanoTime() - wall0) / 1e9);
            // what has arrived by the end of the drain, as `processed`: later poses count as
            // missing
            long from = start + warm.toNanos() / 1000;
            boolean useGlobal = global.count() > 0;
            long expected = Math.round(n * rate * (end - from) / 1e6);
            PoseArrivals.Window w = (useGlobal ? global : local).window(from, end, expected);
            PoseArrivals.Window l = local.window(from, end, expected);
            double cpu = (ProcessCpuTime.nanos() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            bench.awaitNextCheckpoint(deadline);
            SlamJobBench.Figures f = bench.figures();
            Row r =
                    new Row(
                            n,
                            n * rate,
                            l.arrivedPerSecond(),
                            framesPerSecond,
                            useGlobal ? "global" : "local",
                            w.p50Millis(),
                            w.p99Millis(),
                            w.maxMillis(),
                            f.latencyP50Millis(),
                            f.latencyP99Millis(),
                            f.workP50Millis(),
                            f.workP99Millis(),
                            sent.scans(),
                            processed,
                            drain,
                            sent.maxLagMillis(),
                            simCpu[0] / 1e9,
                            processed / cpu,
                            f.checkpoints().size(),
                            f.stateBytes() / 1e6,
                            f.incrementalMaxBytes() / 1e6,
                            f.checkpointDurationP50Millis(),
                            f.checkpointDurationMaxMillis(),
                            cpu,
                            wall,
                            LoadAverage.now());
            print(r, sent);
            return r;
        }
    }

    private void print(Row r, FleetSimulator.Result sent) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "fleet              %d robots at %.0f Hz: %d scans sent in %.1f s (%.1f MB),"
                        + " simulator max lag %.0f ms, simulator CPU %.1f s%n",
                r.robots(),
                rate,
                sent.scans(),
                sent.seconds(),
                sent.bytes() / 1e6,
                r.simMaxLagMillis(),
                r.simCpuSeconds());
        System.out.printf(
                Locale.ROOT,
                "processed          %d/%d scans (%.1f s drain); %.1f scans/s of %.0f offered after"
                        + " warm-up; %.1f frames/s decoded over the run%n",
                r.processed(),
                r.sent(),
                r.drainSeconds(),
                r.scansPerSecond(),
                r.offered(),
                r.framesPerSecond());
        System.out.printf(
                Locale.ROOT,
                "scan→pose latency  p50 %.0f ms, p99 %.0f ms, max %.0f ms (%s poses at Kafka);"
                        + " job operator p50 %.0f ms, p99 %.0f ms%n",
                r.p50(),
                r.p99(),
                r.max(),
                r.latencyOf(),
                r.jobP50(),
                r.jobP99());
        System.out.printf(
                Locale.ROOT,
                "SLAM per scan      p50 %.1f ms, p99 %.1f ms%n",
                r.slamP50(),
                r.slamP99());
        System.out.printf(
                Locale.ROOT,
                "checkpoints        %d completed; full state %.2f MB at the end, incremental max"
                        + " %.2f MB; duration p50 %d ms, max %d ms%n",
                r.checkpoints(),
                r.checkpointMb(),
                r.incrementalMaxMb(),
                r.checkpointP50Millis(),
                r.checkpointMaxMillis());
        System.out.printf(
                Locale.ROOT,
                "process            wall %.1f s, CPU %.1f s (broker, Flink, simulator) to the end of"
                        + " the drain: %.0f scans processed per CPU-second; load %s%n",
                r.wallSeconds(),
                r.cpuSeconds(),
                r.scansPerCpuSecond(),
                r.load());
        System.out.printf(
                Locale.ROOT,
                "RESULT robots=%d scans_per_s=%.1f p50_ms=%.0f p99_ms=%.0f checkpoint_mb=%.2f"
                        + " offered_scans_per_s=%.0f frames_per_s=%.1f latency_of=%s processed=%d/%d"
                        + " checkpoint_p50_ms=%d checkpoint_max_ms=%d cpu_s=%.1f wall_s=%.1f"
                        + " scans_per_cpu_s=%.0f load=%s%n",
                r.robots(),
                r.scansPerSecond(),
                r.p50(),
                r.p99(),
                r.checkpointMb(),
                r.offered(),
                r.framesPerSecond(),
                r.latencyOf(),
                r.processed(),
                r.sent(),
                r.checkpointP50Millis(),
                r.checkpointMaxMillis(),
                r.cpuSeconds(),
                r.wallSeconds(),
                r.scansPerCpuSecond(),
                r.load());
    }
}
