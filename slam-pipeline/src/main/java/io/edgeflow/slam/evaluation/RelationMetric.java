package io.edgeflow.slam.evaluation;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.TimedPose;
import java.util.List;

/**
 * The metric of Kümmerle et al. 2009: for each relation (t1, t2, δ*), the estimated relation δ =
 * x(t1)⁻¹ ⊕ x(t2) is compared with δ* through the error δ*⁻¹ ⊕ δ, whose translation norm and
 * absolute angle are the translational (m) and rotational (deg) errors. Poses are looked up at the
 * scan whose time is nearest within {@code timeTolerance}; relations without both scans are counted
 * as unmatched and left out.
 */
public final class RelationMetric {
    private RelationMetric() {}

    /** Mean ± std of absolute and squared errors over the matched relations. */
    public record Result(
            ErrorStatistics translation,
            ErrorStatistics translationSquared,
            ErrorStatistics rotationDeg,
            ErrorStatistics rotationDegSquared,
            int unmatched) {}

    /**
     * @param poses estimated poses in ascending time order
     */
    public static Result evaluate(
            List<TimedPose> poses, List<Relation> relations, double timeTolerance) {
        double[] times = new double[poses.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = poses.get(i).time();
        }
        double[] trans = new double[relations.size()];
        double[] rot = new double[relations.size()];
        int matched = 0;
        for (Relation rel : relations) {
            int i1 = nearest(times, rel.t1(), timeTolerance);
            int i2 = nearest(times, rel.t2(), timeTolerance);
            if (i1 < 0 || i2 < 0) {
                continue;
            }
            Pose2 estimate = poses.get(i1).pose().between(poses.get(i2).pose());
            Pose2 error = rel.relative().between(estimate);
            trans[matched] = Math.hypot(error.x(), error.y());
            rot[matched] = Math.toDegrees(Math.abs(Pose2.normalizeAngle(error.theta())));
            matched++;
        }
        double[] t = java.util.Arrays.copyOf(trans, matched);
        double[] r = java.util.Arrays.copyOf(rot, matched);
        double[] t2 = new double[matched];
        double[] r2 = new double[matched];
        for (int i = 0; i < matched; i++) {
            t2[i] = t[i] * t[i];
            r2[i] = r[i] * r[i];
        }
        return new Result(
                ErrorStatistics.of(t),
                ErrorStatistics.of(t2),
                ErrorStatistics.of(r),
                ErrorStatistics.of(r2),
                relations.size() - matched);
    }

    private static int nearest(double[] times, double t, double tolerance) {
        int i = java.util.Arrays.binarySearch(times, t);
        if (i >= 0) {
            return i;
        }
        int ins = -i - 1;
        int best = -1;
        double bestD = tolerance;
        for (int k = ins - 1; k <= ins; k++) {
            if (k >= 0 && k < times.length && Math.abs(times[k] - t) <= bestD) {
                bestD = Math.abs(times[k] - t);
                best = k;
            }
        }
        return best;
    }
}
