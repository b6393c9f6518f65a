package io.edgeflow.jobs.cli;

import io.edgeflow.jobs.bench.ProcessCpuTime;
import io.edgeflow.slam.posegraph.AbsoluteTrajectoryError;
import io.edgeflow.slam.posegraph.Initialization;
import io.edgeflow.slam.posegraph.Objective;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseGraphSolver;
import io.edgeflow.slam.posegraph.Robustness;
import io.edgeflow.slam.posegraph.SolverOptions;
import io.edgeflow.slam.posegraph.SpanningTreeInitialization;
import io.edgeflow.slam.posegraph.io.PoseGraphFile;
import io.edgeflow.slam.posegraph.io.PoseGraphFiles;
import io.edgeflow.slam.posegraph.io.PoseGraphFormat;
import io.edgeflow.slam.posegraph.io.PoseGraphFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edgeflow pgo FILE}: optimize one pose graph and print a parseable RESULT line. */
@Command(
        name = "pgo",
        mixinStandardHelpOptions = true,
        description = {
            "Optimize a pose graph (g2o, TORO .graph, iSAM EDGE2/EDGE3; .gz allowed).",
            "Prints progress per iteration and ends with one line:",
            "RESULT file=… poses=… edges=… init_cost=… final_cost=… sesync_F=… iterations=…"
                    + " solve_ms=… status=… [ate_rmse=…] chi2=… init_ms=… rejected=… cpu_ms=…"
                    + " parse_ms=… symbolic_ms=… process_cpu_ms=… jvm_uptime_ms=…",
            "(init_ms includes symbolic_ms; cpu_ms is this thread's CPU for init + solve;"
                    + " process_cpu_ms all threads' CPU since the JVM started, JIT and GC included)"
        })
public final class PgoCommand implements Callable<Integer> {

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "pose-graph file")
    Path file;

    @Option(
            names = "--objective",
            defaultValue = "chi2",
            description = "chi2 (g2o χ², full information) or sesync (SE-Sync's objective)")
    String objective;

    @Option(
            names = "--init",
            description =
                    "file, odometry (spanning tree) or chordal; default chordal, or odometry with"
                            + " --robust gnc (a chordal estimate is bent by wrong closures)")
    String init;

    @Option(names = "--robust", defaultValue = "none", description = "none, huber, cauchy or gnc")
    String robust;

    @Option(names = "--out", paramLabel = "FILE.g2o", description = "write the optimized graph")
    Path out;

    @Option(
            names = "--truth",
            paramLabel = "FILE",
            description = "ground truth (poses, or noise-free edges) for the ATE")
    Path truth;

    @Option(names = "--gauss-newton", description = "undamped Gauss-Newton steps instead of LM")
    boolean gaussNewton;

    @Option(names = "--max-iterations", defaultValue = "100")
    int maxIterations;

    @Option(names = "--quiet", description = "print only the RESULT line")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter outw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Objective obj = choice(Objective.class, objective, "--objective");
        Robustness robustness = choice(Robustness.class, robust, "--robust");
        String initName =
                init != null ? init : robustness == Robustness.GNC ? "odometry" : "chordal";
        Initialization initialization = choice(Initialization.class, initName, "--init");
        if (maxIterations < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--max-iterations must be ≥ 0");
        }
        try {
            long parseStart = System.nanoTime();
            PoseGraphFile read = PoseGraphFiles.read(file);
            double parseMillis = (System.nanoTime() - parseStart) / 1e6;
            PoseGraph graph = read.graph();
            if (initialization == Initialization.FILE && !read.hasInitialGuess()) {
                err.println(
                        "error: "
                                + file
                                + " has no vertices, so there is no initial guess to start from:"
                                + " use --init odometry or --init chordal");
                return 1;
            }
            PoseGraph groundTruth = truth == null ? null : groundTruth(truth);
            SolverOptions solver =
                    SolverOptions.defaults()
                            .withGaussNewton(gaussNewton)
                            .withMaxIterations(maxIterations)
                            .withListener(
                                    s -> {
                                        if (!quiet) {
                                            outw.printf(
                                                    Locale.ROOT,
                                                    "iter %3d  cost %.9e  lambda %.2e  |step| %.3e"
                                                            + "  solves %d  %.1f ms%n",
                                                    s.iteration(),
                                                    s.cost(),
                                                    s.lambda(),
                                                    s.stepNorm(),
                                                    s.linearSolves(),
                                                    s.millis());
                                            outw.flush();
                                        }
                                    });
            PoseGraphSolver.Settings settings =
                    new PoseGraphSolver.Settings(obj, robustness, solver);
            PoseGraphSolver.Report r = new PoseGraphSolver(settings).solve(graph, initialization);
            if (r.repairedInformation() > 0) {
                err.println(
                        "warning: "
                                + file
                                + ": "
                                + r.repairedInformation()
                                + " information matrices are not positive definite; χ² uses the"
                                + " nearest positive-definite ones (eigenvalues clipped)");
            }
            if (out != null) {
                PoseGraphFiles.write(graph, PoseGraphFormat.G2O, out);
            }
            StringBuilder line = new StringBuilder("RESULT");
            line.append(" file=").append(file.getFileName());
            line.append(" poses=").append(graph.poseCount());
            line.append(" edges=").append(graph.edgeCount());
            line.append(String.format(Locale.ROOT, " init_cost=%.9g", r.result().initialCost()));
            line.append(String.format(Locale.ROOT, " final_cost=%.9g", r.result().finalCost()));
            line.append(String.format(Locale.ROOT, " sesync_F=%.9g", r.seSyncObjective()));
            line.append(" iterations=").append(r.result().iterations());
            line.append(String.format(Locale.ROOT, " solve_ms=%.1f", r.solveMillis()));
            line.append(" status=").append(r.result().stopReason());
            if (groundTruth != null) {
                line.append(
                        String.format(
                                Locale.ROOT,
                                " ate_rmse=%.6g",
                                AbsoluteTrajectoryError.rmse(graph, groundTruth)));
            }
            line.append(String.format(Locale.ROOT, " chi2=%.9g", r.chi2()));
            line.append(String.format(Locale.ROOT, " init_ms=%.1f", r.initMillis()));
            line.append(" rejected=").append(r.rejectedEdges());
            line.append(String.format(Locale.ROOT, " cpu_ms=%.1f", r.cpuMillis()));
            line.append(String.format(Locale.ROOT, " parse_ms=%.1f", parseMillis));
            line.append(String.format(Locale.ROOT, " symbolic_ms=%.1f", r.symbolicMillis()));
            line.append(
                    String.format(
                            Locale.ROOT, " process_cpu_ms=%.1f", ProcessCpuTime.nanos() / 1e6));
            line.append(" jvm_uptime_ms=").append(ManagementFactory.getRuntimeMXBean().getUptime());
            outw.println(line);
            outw.flush();
            return r.result().stopReason().converged() ? 0 : 3;
        } catch (PoseGraphFormatException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: cannot read or write " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + file + ": " + e.getMessage());
            return 1;
        }
    }

    /** Ground truth as poses: the file's vertices, else its (noise-free) edges chained. */
    static PoseGraph groundTruth(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + " (no such file)");
        }
        PoseGraphFile f = PoseGraphFiles.read(path);
        if (!f.hasInitialGuess()) {
            SpanningTreeInitialization.apply(f.graph());
        }
        return f.graph();
    }

    private <E extends Enum<E>> E choice(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : "|")
                        .append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "invalid value for " + option + ": '" + value + "' (expected " + allowed + ")");
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PgoCommand()).execute(args));
    }
}
