package io.edgeflow.slam.collab;

import io.edgeflow.slam.geometry.SE3;
import java.util.ArrayList;
import java.util.List;

/**
 * Pairwise consistency maximization (PCM, Mangelson et al. ICRA 2018) for the closures between two
 * robots: closures k and l agree when the cycle they make with both robots' own trajectories,
 *
 * <pre>  C = z_k · (x_bk⁻¹·x_bl) · z_l⁻¹ · (x_al⁻¹·x_ak)  ≈  I,</pre>
 *
 * has a Mahalanobis norm ‖Log C‖²_Σ below a χ² quantile, Σ summing both closures' noise and each
 * robot's odometry drift between the two poses it visits. The accepted set is the maximum clique of
 * agreeing closures, and only if it holds at least {@code minimumClique} of them: a lone closure
 * cannot be checked, and one wrong inter-robot closure ruins a merged map.
 */
public final class PairwiseConsistency {

    /**
     * @param threshold χ² quantile a cycle's Mahalanobis norm must stay below
     * @param minimumClique fewest mutually consistent closures accepted between two robots
     * @param closureTranslationVariance variance of one closure's translation, m² per axis
     * @param closureRotationVariance variance of one closure's rotation, rad² per axis
     * @param groupThreshold χ² quantile an accepted closure's residual must stay below once the
     *     whole group is solved ({@link MapGroupMerge}): cycles through third robots catch what two
     *     robots alone cannot
     */
    public record Settings(
            double threshold,
            int minimumClique,
            double closureTranslationVariance,
            double closureRotationVariance,
            double groupThreshold) {

        /** χ²(6) at 0.99 for cycles, at 0.999 for the group check: spatial closures. */
        public static Settings spatial(
                double closureTranslationVariance, double closureRotationVariance) {
            return new Settings(
                    16.81, 2, closureTranslationVariance, closureRotationVariance, 22.46);
        }

        /**
         * χ²(3) quantiles for planar closures (z, roll and pitch of their cycles are exactly 0).
         */
        public static Settings planar(
                double closureTranslationVariance, double closureRotationVariance) {
            return new Settings(
                    11.34, 2, closureTranslationVariance, closureRotationVariance, 16.27);
        }

        /** Accepts every candidate: the baseline that shows what screening is worth. */
        public static Settings acceptAll() {
            double inf = Double.POSITIVE_INFINITY;
            return new Settings(inf, 1, 1, 1, inf);
        }
    }

    /** Closures between one pair of robots, split into accepted and rejected. */
    public record Selection(List<InterRobotClosure> accepted, List<InterRobotClosure> rejected) {}

    private PairwiseConsistency() {}

    /**
     * Selects among closures from robot {@code a}'s poses to robot {@code b}'s (reversed if
     * needed).
     */
    public static Selection select(
            RobotMap a, RobotMap b, List<InterRobotClosure> closures, Settings settings) {
        List<InterRobotClosure> oriented = new ArrayList<>(closures.size());
        for (InterRobotClosure c : closures) {
            if (c.fromRobot() == a.robot() && c.toRobot() == b.robot()) {
                oriented.add(c);
            } else if (c.fromRobot() == b.robot() && c.toRobot() == a.robot()) {
                oriented.add(c.reversed());
            } else {
                throw new IllegalArgumentException(
                        "closure " + c + " is not between " + a.robot() + " and " + b.robot());
            }
        }
        int n = oriented.size();
        boolean[][] consistent = new boolean[n][n];
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                boolean ok =
                        cycleNorm(a, b, oriented.get(k), oriented.get(l), settings)
                                < settings.threshold();
                consistent[k][l] = ok;
                consistent[l][k] = ok;
            }
        }
        int[] clique = MaximumClique.of(consistent);
        List<InterRobotClosure> accepted = new ArrayList<>();
        List<InterRobotClosure> rejected = new ArrayList<>();
        boolean enough = clique.length >= settings.minimumClique();
        int next = 0;
        for (int k = 0; k < n; k++) {
            boolean inClique = next < clique.length && clique[next] == k;
            if (inClique) {
                next++;
            }
            (inClique && enough ? accepted : rejected).add(closures.get(k));
        }
        return new Selection(accepted, rejected);
    }

    /** ‖Log C‖²_Σ of the cycle through closures k and l (both oriented a→b). */
    static double cycleNorm(
            RobotMap a, RobotMap b, InterRobotClosure k, InterRobotClosure l, Settings s) {
        SE3 alongB = b.pose(k.to()).between(b.pose(l.to()));
        SE3 alongA = a.pose(l.from()).between(a.pose(k.from()));
        SE3 cycle = k.measured().compose(alongB).compose(l.measured().inverse()).compose(alongA);
        double[] e = SE3.IDENTITY.localCoordinates(cycle);
        double[] drift = new double[2];
        addDrift(a, l.from(), k.from(), alongA, drift);
        addDrift(b, k.to(), l.to(), alongB, drift);
        // a closure's rotation error swings the other robot's path about it: lever arm d_a, d_b
        double lever = squaredLength(alongA) + squaredLength(alongB);
        double varT =
                2 * s.closureTranslationVariance() + s.closureRotationVariance() * lever + drift[0];
        double varR = 2 * s.closureRotationVariance() + drift[1];
        return (e[0] * e[0] + e[1] * e[1] + e[2] * e[2]) / varT
                + (e[3] * e[3] + e[4] * e[4] + e[5] * e[5]) / varR;
    }

    /**
     * Odometry drift between two poses s steps apart: translation and rotation random walks, plus
     * the translation a heading random walk sweeps over the distance d travelled (s·σ_θ²·d²/3).
     */
    private static void addDrift(RobotMap m, long from, long to, SE3 relative, double[] out) {
        int steps = m.steps(from, to);
        double d2 = squaredLength(relative);
        out[0] += steps * (m.translationStepVariance() + m.rotationStepVariance() * d2 / 3);
        out[1] += steps * m.rotationStepVariance();
    }

    private static double squaredLength(SE3 p) {
        return p.x() * p.x() + p.y() * p.y() + p.z() * p.z();
    }
}
