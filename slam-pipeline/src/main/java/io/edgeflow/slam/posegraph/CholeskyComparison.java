package io.edgeflow.slam.posegraph;

import edu.emory.mathcs.csparsej.tdouble.Dcs_chol;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcsn;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcss;
import edu.emory.mathcs.csparsej.tdouble.Dcs_lsolve;
import edu.emory.mathcs.csparsej.tdouble.Dcs_ltsolve;
import edu.emory.mathcs.csparsej.tdouble.Dcs_schol;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The solver's supernodal Cholesky against CSparse's up-looking scalar one (cs_chol, the previous
 * solver) on the same matrix: the first LM system of a graph (H + λ·D at the chordal estimate, λ =
 * 1e-4), in the same AMD + postorder elimination order, so both factors have the same nonzeros.
 * Times are thread CPU times of factor + both triangular solves, the two methods alternating.
 */
public final class CholeskyComparison {
    private static final double LAMBDA = 1e-4;

    private CholeskyComparison() {}

    /**
     * @param unknowns scalar unknowns
     * @param factorNonZeros nonzeros of L (supernodal; CSparse's count in csparseNonZeros)
     * @param supernodalMillis median CPU ms of one supernodal factor + solve
     * @param csparseMillis median CPU ms of one CSparse factor + solve
     * @param supernodalSymbolicMillis CPU ms of the supernodal analysis, including AMD
     * @param csparseSymbolicMillis CPU ms of CSparse's symbolic analysis (cs_schol, no ordering)
     * @param maxDifference largest |x_supernodal − x_csparse| relative to max |x|
     */
    public record Result(
            int unknowns,
            long factorNonZeros,
            long csparseNonZeros,
            double supernodalMillis,
            double csparseMillis,
            double supernodalSymbolicMillis,
            double csparseSymbolicMillis,
            double maxDifference) {}

    /** Initializes {@code graph} by chordal relaxation and times {@code repetitions} rounds. */
    public static Result run(PoseGraph graph, int repetitions) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Initialization.CHORDAL.apply(graph);
        PoseGraph target = PositiveDefiniteInformation.repaired(graph);
        LevenbergMarquardt lm = new LevenbergMarquardt(SolverOptions.defaults());
        int n = (target.poseCount() - 1) * target.space().tangentDim;
        double[] gradient = new double[n];
        long c0 = cpu.getCurrentThreadCpuTime();
        lm.linearizedSystem(target, gradient);
        long analysed = cpu.getCurrentThreadCpuTime();
        BlockSparseCholesky system = lm.linearizedSystem(target, gradient); // structure cached
        // analysis = first call (analysis + linearization) − second call (linearization)
        double supernodalSymbolic =
                ((analysed - c0) - (cpu.getCurrentThreadCpuTime() - analysed)) / 1e6;
        Dcs upper = system.toCsparseUpper(LAMBDA);
        int[] position = new int[system.size()];
        for (int k = 0; k < position.length; k++) {
            position[k] = system.elimination(k);
        }
        c0 = cpu.getCurrentThreadCpuTime();
        Dcss symbolic = Dcs_schol.cs_schol(0, upper);
        double csparseSymbolic = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
        double[] ours = new double[n];
        double[] theirs = new double[n];
        double[] supernodal = new double[repetitions];
        double[] csparse = new double[repetitions];
        for (int round = -2; round < repetitions; round++) { // two warm-up rounds
            c0 = cpu.getCurrentThreadCpuTime();
            if (!system.factor(LAMBDA)) {
                throw new IllegalStateException("supernodal factorization failed");
            }
            system.solve(gradient, ours);
            long c1 = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < n; k++) {
                theirs[position[k]] = gradient[k];
            }
            Dcsn factor = Dcs_chol.cs_chol(upper, symbolic);
            if (factor == null) {
                throw new IllegalStateException("CSparse factorization failed");
            }
            Dcs_lsolve.cs_lsolve(factor.L, theirs);
            Dcs_ltsolve.cs_ltsolve(factor.L, theirs);
            long c2 = cpu.getCurrentThreadCpuTime();
            if (round >= 0) {
                supernodal[round] = (c1 - c0) / 1e6;
                csparse[round] = (c2 - c1) / 1e6;
            }
        }
        double scale = 0, difference = 0;
        for (int k = 0; k < n; k++) {
            scale = Math.max(scale, Math.abs(ours[k]));
            difference = Math.max(difference, Math.abs(ours[k] - theirs[position[k]]));
        }
        return new Result(
                n,
                system.factorNonZeros(),
                symbolic.cp[n],
                median(supernodal),
                median(csparse),
                supernodalSymbolic,
                csparseSymbolic,
                difference / scale);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
