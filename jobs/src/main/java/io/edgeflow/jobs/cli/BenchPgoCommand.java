package io.edgeflow.jobs.cli;

import io.edgeflow.slam.posegraph.AbsoluteTrajectoryError;
import io.edgeflow.slam.posegraph.BenchmarkReference;
import io.edgeflow.slam.posegraph.CholeskyComparison;
import io.edgeflow.slam.posegraph.FalseLoopClosures;
import io.edgeflow.slam.posegraph.IncrementalReplay;
import io.edgeflow.slam.posegraph.Initialization;
import io.edgeflow.slam.posegraph.Objective;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseGraphSolver;
import io.edgeflow.slam.posegraph.Robustness;
import io.edgeflow.slam.posegraph.SolverOptions;
import io.edgeflow.slam.posegraph.io.PoseGraphFile;
import io.edgeflow.slam.posegraph.io.PoseGraphFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgeflow bench pgo [DIR]}: solves every g2o graph in a folder and prints a table (χ²,
 * SE-Sync objective and its ratio to the certified optimum, iterations, JIT-warm and cold times,
 * ratio to the Ceres times; medians of --repeat warm solves and cold processes), then the
 * supernodal vs CSparse Cholesky comparison, the incremental M3500 replay and the GNC robustness
 * runs.
 *
 * <p>Cold columns ({@link ColdRun}): {@code cold_s} / {@code ccpu_s} are initialization + solve in
 * a fresh {@code ./edgeflow pgo} process (wall / solving thread's CPU), everything the solve needs
 * after the file is read — what Ceres' solver time covers; {@code cpcpu_s} is that process's CPU
 * from JVM start to the result, all threads; {@code ctot_s} its wall from launch to exit.
 */
@Command(
        name = "pgo",
        mixinStandardHelpOptions = true,
        description = "Benchmark the pose-graph solver on every *.g2o graph of a folder.")
public final class BenchPgoCommand implements Callable<Integer> {

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            defaultValue = "../shared/datasets/posegraph",
            description = "folder of .g2o graphs (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--csv", defaultValue = "pgo-bench.csv", description = "CSV output file")
    Path csv;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "timed warm solves and cold processes per graph; medians reported")
    int repeat;

    @Option(names = "--no-cold", description = "skip the cold single-process runs")
    boolean noCold;

    @Option(names = "--no-incremental", description = "skip the incremental M3500 replay")
    boolean noIncremental;

    @Option(names = "--no-gnc", description = "skip the GNC robustness runs")
    boolean noGnc;

    @Option(
            names = "--no-cholesky",
            description = "skip the supernodal vs CSparse Cholesky comparison")
    boolean noCholesky;

    @Option(names = "--only", split = ",", description = "only these file names")
    List<String> only;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (repeat < 1) {
            spec.commandLine().getErr().println("error: --repeat must be at least 1");
            return 1;
        }
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("error: " + dir + " is not a folder");
            return 1;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files =
                    s.filter(p -> p.getFileName().toString().matches(".*\\.g2o(\\.gz)?"))
                            .filter(p -> only == null || only.contains(p.getFileName().toString()))
                            .sorted()
                            .toList();
        }
        String header =
                "graph,poses,edges,init,chi2,ceres_chi2,chi2_vs_ceres,sesync_F,F_optimum,F_ratio,"
                        + "iterations,status,warm_s,cold_s,warm_cpu_s,cold_cpu_s,ceres_s,warm_vs_ceres,"
                        + "cold_vs_ceres,warm_cpu_vs_ceres,cold_cpu_vs_ceres,cold_process_cpu_s,"
                        + "cold_total_s";
        List<String> rows = new ArrayList<>();
        out.printf(
                Locale.ROOT,
                "%-22s %6s %6s %10s %10s %10s %10s %8s %4s %-16s %7s %7s %7s %7s %7s %6s %6s %6s %6s"
                        + " %7s %7s%n",
                "graph",
                "poses",
                "edges",
                "chi2",
                "ceres_chi2",
                "sesync_F",
                "F_opt",
                "F_ratio",
                "it",
                "status",
                "warm_s",
                "cold_s",
                "wcpu_s",
                "ccpu_s",
                "ceres_s",
                "w/cer",
                "c/cer",
                "wc/cer",
                "cc/cer",
                "cpcpu_s",
                "ctot_s");
        if (!noCold) {
            out.println("cold runs: " + String.join(" ", coldCommand(Path.of("FILE"))));
            // the launcher builds what is missing and makes its class-data archive on a first
            // run: not part of any timed run
            new ProcessBuilder(coldCommand(Path.of("--help")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        }
        for (Path f : files) {
            rows.add(benchGraph(f));
        }
        Files.write(csv, prepend(header, rows), StandardCharsets.UTF_8);
        out.println("CSV written to " + csv.toAbsolutePath());
        if (!noCholesky) {
            cholesky();
        }
        if (!noIncremental) {
            incremental();
        }
        if (!noGnc) {
            gnc();
        }
        return 0;
    }

    private String benchGraph(Path f) throws IOException, InterruptedException {
        String name = f.getFileName().toString();
        BenchmarkReference ref =
                BenchmarkReference.of(name)
                        .orElse(new BenchmarkReference(Double.NaN, Double.NaN, Double.NaN, false));
        PoseGraphSolver chi2Solver = new PoseGraphSolver(PoseGraphSolver.Settings.defaults());
        // JIT-warm: solve once to warm up, then time a second solve from scratch
        PoseGraph original = PoseGraphFiles.read(f).graph();
        chi2Solver.solve(original.copy(), Initialization.CHORDAL);
        PoseGraph g = null;
        PoseGraphSolver.Report r = null;
        double[] warmWall = new double[repeat], warmCpus = new double[repeat];
        double[] coldWall = new double[repeat], coldCpus = new double[repeat];
        double[] coldProcessCpus = new double[repeat], coldTotals = new double[repeat];
        for (int k = 0; k < repeat; k++) {
            g = original.copy();
            r = chi2Solver.solve(g, Initialization.CHORDAL);
            warmWall[k] = (r.initMillis() + r.solveMillis()) / 1000;
            warmCpus[k] = r.cpuMillis() / 1000;
            ColdRun coldRun = noCold ? ColdRun.NONE : cold(f);
            coldWall[k] = coldRun.seconds();
            coldCpus[k] = coldRun.cpuSeconds();
            coldProcessCpus[k] = coldRun.processCpuSeconds();
            coldTotals[k] = coldRun.totalSeconds();
        }
        double warm = median(warmWall);
        double warmCpu = median(warmCpus);
        double cold = median(coldWall);
        double coldCpu = median(coldCpus);
        double coldProcessCpu = median(coldProcessCpus);
        double coldTotal = median(coldTotals);
        PoseGraph s = original.copy();
        PoseGraphSolver.Report se =
                new PoseGraphSolver(
                                PoseGraphSolver.Settings.defaults().withObjective(Objective.SESYNC))
                        .solve(s, Initialization.CHORDAL);
        double fRatio = se.seSyncObjective() / ref.seSyncOptimum();
        out.printf(
                Locale.ROOT,
                "%-22s %6d %6d %10.4f %10s %10.5g %10s %8s %4d %-16s %7.3f %7.3f %7.3f %7.3f %7s %6s %6s %6s %6s"
                        + " %7.3f %7.3f%n",
                name,
                g.poseCount(),
                g.edgeCount(),
                r.chi2(),
                fmt(ref.ceresChi2(), "%.2f"),
                se.seSyncObjective(),
                fmt(ref.seSyncOptimum(), "%.4g"),
                fmt(fRatio, "%.6f"),
                r.result().iterations(),
                r.result().stopReason(),
                warm,
                cold,
                warmCpu,
                coldCpu,
                fmt(ref.ceresSeconds(), "%.3f"),
                fmt(warm / ref.ceresSeconds(), "%.2f"),
                fmt(cold / ref.ceresSeconds(), "%.2f"),
                fmt(warmCpu / ref.ceresSeconds(), "%.2f"),
                fmt(coldCpu / ref.ceresSeconds(), "%.2f"),
                coldProcessCpu,
                coldTotal);
        out.flush();
        return String.join(
                ",",
                name,
                Integer.toString(g.poseCount()),
                Integer.toString(g.edgeCount()),
                "chordal",
                num(r.chi2()),
                num(ref.ceresChi2()),
                num(r.chi2() / ref.ceresChi2()),
                num(se.seSyncObjective()),
                num(ref.seSyncOptimum()),
                num(fRatio),
                Integer.toString(r.result().iterations()),
                r.result().stopReason().toString(),
                num(warm),
                num(cold),
                num(warmCpu),
                num(coldCpu),
                num(ref.ceresSeconds()),
                num(warm / ref.ceresSeconds()),
                num(cold / ref.ceresSeconds()),
                num(warmCpu / ref.ceresSeconds()),
                num(coldCpu / ref.ceresSeconds()),
                num(coldProcessCpu),
                num(coldTotal));
    }

    /**
     * One cold run: {@code pgo FILE --quiet} in a fresh JVM, started the way a user starts it —
     * through the {@code ./edgeflow} launcher (its JVM options and class-data archive) when it is
     * there, else plain {@code java} on this process's class path.
     *
     * @param seconds initialization + solve, wall (everything after the file is read)
     * @param cpuSeconds the same, CPU of the solving thread
     * @param processCpuSeconds CPU of the whole JVM from its start to the RESULT line, all threads
     *     (JIT compilers and GC included): start-up, reading the file, solving
     * @param totalSeconds wall from starting the process to its exit: launcher, JVM start-up,
     *     reading the file, solving, exit
     */
    record ColdRun(
            double seconds, double cpuSeconds, double processCpuSeconds, double totalSeconds) {
        static final ColdRun NONE = new ColdRun(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private List<String> coldCommand(Path f) {
        Path launcher =
                Path.of(System.getProperty("edgeflow.home", ""))
                        .toAbsolutePath()
                        .resolve("edgeflow");
        if (Files.isExecutable(launcher)) {
            return List.of(launcher.toString(), "pgo", f.toString(), "--quiet");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                PgoCommand.class.getName(),
                f.toString(),
                "--quiet");
    }

    private ColdRun cold(Path f) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(coldCommand(f)).redirectErrorStream(true).start();
        Map<String, String> result = new HashMap<>();
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    for (String kv : line.substring(7).split(" ")) {
                        String[] parts = kv.split("=", 2);
                        result.put(parts[0], parts.length > 1 ? parts[1] : "");
                    }
                }
            }
        }
        p.waitFor();
        double total = (System.nanoTime() - start) / 1e9;
        if (!result.containsKey("solve_ms")) {
            return ColdRun.NONE;
        }
        double wall =
                Double.parseDouble(result.get("solve_ms"))
                        + Double.parseDouble(result.get("init_ms"));
        return new ColdRun(
                wall / 1000,
                Double.parseDouble(result.get("cpu_ms")) / 1000,
                Double.parseDouble(result.getOrDefault("process_cpu_ms", "NaN")) / 1000,
                total);
    }

    /**
     * The solver's supernodal Cholesky vs CSparse's scalar one on the first LM system of the graphs
     * where factorization dominates, same matrix and ordering, in this process.
     */
    private void cholesky() throws IOException {
        for (String name :
                new String[] {"manhattanOlson3500.g2o", "city10000.g2o", "sphere2500.g2o"}) {
            Path f = dir.resolve(name);
            if (!Files.exists(f) || (only != null && !only.contains(name))) {
                continue;
            }
            CholeskyComparison.Result c =
                    CholeskyComparison.run(PoseGraphFiles.read(f).graph(), 15);
            out.printf(
                    Locale.ROOT,
                    "CHOLESKY file=%s unknowns=%d nnz_L=%d csparse_nnz_L=%d supernodal_cpu_ms=%.2f"
                            + " csparse_cpu_ms=%.2f supernodal_vs_csparse=%.3f"
                            + " supernodal_analysis_ms=%.1f csparse_symbolic_ms=%.1f"
                            + " max_rel_difference=%.2g%n",
                    name,
                    c.unknowns(),
                    c.factorNonZeros(),
                    c.csparseNonZeros(),
                    c.supernodalMillis(),
                    c.csparseMillis(),
                    c.supernodalMillis() / c.csparseMillis(),
                    c.supernodalSymbolicMillis(),
                    c.csparseSymbolicMillis(),
                    c.maxDifference());
            out.flush();
        }
    }

    /** Replays M3500 pose by pose with a warm re-solve after each, vs the batch solve. */
    private void incremental() throws IOException {
        Path m3500 = dir.resolve("manhattanOlson3500.g2o");
        if (!Files.exists(m3500)) {
            return;
        }
        PoseGraph source = PoseGraphFiles.read(m3500).graph();
        PoseGraph batch = source.copy();
        PoseGraphSolver.Report b =
                new PoseGraphSolver(PoseGraphSolver.Settings.defaults())
                        .solve(batch, Initialization.CHORDAL);
        SolverOptions streaming = SolverOptions.defaults().withRelativeCostTolerance(1e-6);
        long t0 = System.nanoTime();
        IncrementalReplay.Outcome o = IncrementalReplay.run(source, streaming);
        double total = (System.nanoTime() - t0) / 1e9;
        double[] ms = o.updateMillis().clone();
        Arrays.sort(ms);
        double[] solved = Arrays.stream(o.updateMillis()).filter(v -> v > 0.5).sorted().toArray();
        out.printf(
                Locale.ROOT,
                "INCREMENTAL file=%s updates=%d solves=%d total_s=%.2f median_ms=%.3f p99_ms=%.2f"
                        + " max_ms=%.1f solve_median_ms=%.2f chi2_last_update=%.6f"
                        + " refine_iterations=%d refine_ms=%.1f final_chi2=%.6f batch_chi2=%.6f"
                        + " ate_vs_batch=%.3g%n",
                m3500.getFileName(),
                ms.length,
                o.solves(),
                total,
                percentile(ms, 0.5),
                percentile(ms, 0.99),
                ms[ms.length - 1],
                solved.length == 0 ? 0 : percentile(solved, 0.5),
                o.chi2AfterLastUpdate(),
                o.refinement().iterations(),
                o.refinement().millis(),
                PoseGraphSolver.chi2(o.graph()),
                b.chi2(),
                AbsoluteTrajectoryError.rmse(o.graph(), batch));
        out.flush();
    }

    /** M3500 and intel with 10 % random false loop closures, plain vs GNC. */
    private void gnc() throws IOException {
        Path truthFile = dir.resolve("groundtruth/manhattanOlson3500_groundtruth.txt");
        for (String name : new String[] {"intel.g2o", "manhattanOlson3500.g2o"}) {
            Path f = dir.resolve(name);
            if (!Files.exists(f)) {
                continue;
            }
            PoseGraphFile file = PoseGraphFiles.read(f);
            PoseGraph clean = file.graph().copy();
            new PoseGraphSolver(PoseGraphSolver.Settings.defaults())
                    .solve(clean, Initialization.CHORDAL);
            PoseGraph truth =
                    name.startsWith("manhattan") && Files.exists(truthFile)
                            ? PgoCommand.groundTruth(truthFile)
                            : clean;
            String against = truth == clean ? "clean_solve" : "ground_truth";
            PoseGraph corrupted = file.graph().copy();
            int added = FalseLoopClosures.add(corrupted, 0.10, 20, 42);
            double ateClean = truth == clean ? 0 : AbsoluteTrajectoryError.rmse(clean, truth);
            StringBuilder line =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "GNC file=%s false_closures=%d ate_against=%s ate_clean=%.4f",
                                    name,
                                    added,
                                    truth == clean ? "clean_solve" : "ground_truth",
                                    ateClean));
            for (Robustness robustness : Robustness.values()) {
                PoseGraph solved = corrupted.copy();
                // GNC starts from odometry (it builds its own robust estimate); the kernels from
                // the chordal estimate, their best start
                PoseGraphSolver.Report r =
                        new PoseGraphSolver(
                                        PoseGraphSolver.Settings.defaults()
                                                .withRobustness(robustness))
                                .solve(
                                        solved,
                                        robustness == Robustness.GNC
                                                ? Initialization.ODOMETRY
                                                : Initialization.CHORDAL);
                String key = robustness.name().toLowerCase(Locale.ROOT);
                double ate = AbsoluteTrajectoryError.rmse(solved, truth);
                line.append(String.format(Locale.ROOT, " ate_%s=%.4f", key, ate));
                if (truth != clean) {
                    line.append(
                            String.format(Locale.ROOT, " %s_vs_clean=%.4f", key, ate / ateClean));
                }
                if (robustness == Robustness.GNC) {
                    line.append(" rejected=").append(r.rejectedEdges());
                }
                line.append(
                        String.format(Locale.ROOT, " %s_cpu_s=%.2f", key, r.cpuMillis() / 1000));
            }
            out.println(line);
            out.flush();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    private static List<String> prepend(String header, List<String> rows) {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static String fmt(double v, String f) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, f, v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchPgoCommand()).execute(args));
    }
}
