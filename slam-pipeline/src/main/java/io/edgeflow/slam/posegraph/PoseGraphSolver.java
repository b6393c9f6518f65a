package io.edgeflow.slam.posegraph;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * One-call solve of a pose graph: initialize, optimize the chosen objective with the chosen
 * robustness, and report χ² and SE-Sync's objective of the result. The poses are updated in place.
 */
public final class PoseGraphSolver {
    private final Settings settings;

    /** What to minimize and how. */
    public record Settings(Objective objective, Robustness robustness, SolverOptions solver) {
        public static Settings defaults() {
            return new Settings(Objective.CHI2, Robustness.NONE, SolverOptions.defaults());
        }

        public Settings withObjective(Objective o) {
            return new Settings(o, robustness, solver);
        }

        public Settings withRobustness(Robustness r) {
            return new Settings(objective, r, solver);
        }

        public Settings withSolver(SolverOptions s) {
            return new Settings(objective, robustness, s);
        }
    }

    /**
     * @param result the optimizer's outcome, costs in the objective's own units
     * @param chi2 g2o's χ² of the final poses
     * @param seSyncObjective SE-Sync's F of the final poses
     * @param initMillis wall time of the initialization, the symbolic analysis included
     * @param symbolicMillis wall time of the symbolic analysis of the graph's structure (ordering,
     *     elimination tree, supernodes), part of initMillis; 0 when the graph already had one
     * @param solveMillis wall time of the optimization
     * @param cpuMillis CPU time of the calling thread for initialization + solve, which unlike wall
     *     time is little affected by other processes competing for the cores
     * @param rejectedEdges edges GNC gave weight 0 (0 without GNC)
     * @param repairedInformation edges whose indefinite information matrix χ² replaced by the
     *     nearest positive-definite one ({@link PositiveDefiniteInformation})
     */
    public record Report(
            OptimizationResult result,
            double chi2,
            double seSyncObjective,
            double initMillis,
            double symbolicMillis,
            double solveMillis,
            double cpuMillis,
            int rejectedEdges,
            int repairedInformation) {}

    public PoseGraphSolver(Settings settings) {
        this.settings = settings;
    }

    public Report solve(PoseGraph graph, Initialization initialization) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        if (initialization == Initialization.CHORDAL || graph.anchor() == 0) {
            graph.eliminationStructure(); // the chordal systems and LM's share it
        }
        long ts = System.nanoTime();
        initialization.apply(graph);
        long t1 = System.nanoTime();
        SolverOptions options =
                settings.solver().withKernel(settings.robustness().kernel(graph.space()));
        PoseGraph target;
        int repaired;
        if (settings.objective() == Objective.SESYNC) {
            target = SeSyncObjective.isotropic(graph);
            options = options.withRotationResidual(RotationResidual.CHORD);
            repaired = PositiveDefiniteInformation.countIndefinite(graph);
        } else {
            target = PositiveDefiniteInformation.repaired(graph);
            // the graph itself comes back exactly when no matrix needed repair
            repaired = target == graph ? 0 : PositiveDefiniteInformation.countIndefinite(graph);
        }
        OptimizationResult result;
        int rejected = 0;
        if (settings.robustness() == Robustness.GNC) {
            GraduatedNonConvexity gnc =
                    new GraduatedNonConvexity(
                            options,
                            GraduatedNonConvexity.defaultThresholdSquared(graph.space()),
                            true);
            GraduatedNonConvexity.Result r = gnc.solve(target);
            result = r.solve();
            rejected = r.rejected();
        } else {
            result = new LevenbergMarquardt(options).optimize(target);
        }
        if (target != graph) {
            graph.restoreState(target.copyState());
        }
        long t2 = System.nanoTime();
        double cpuMillis = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
        return new Report(
                result,
                chi2(PositiveDefiniteInformation.repaired(graph)),
                SeSyncObjective.evaluate(graph),
                (t1 - t0) / 1e6,
                (ts - t0) / 1e6,
                (t2 - t1) / 1e6,
                cpuMillis,
                rejected,
                repaired);
    }

    /** g2o's χ² of the graph at its current poses. */
    public static double chi2(PoseGraph graph) {
        return new FactorResiduals(graph, RotationResidual.ANGLE)
                .cost(RobustKernel.QUADRATIC, null);
    }
}
