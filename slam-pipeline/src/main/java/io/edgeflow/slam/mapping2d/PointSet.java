package io.edgeflow.slam.mapping2d;

import io.edgeflow.protocol.Pose2;

/**
 * A planar point set as two parallel coordinate arrays: compact, cheap to transform and to store in
 * state. Points are in whatever frame the owner says (robot frame for range data).
 */
public record PointSet(float[] xs, float[] ys) {
    public static final PointSet EMPTY = new PointSet(new float[0], new float[0]);

    public PointSet {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("xs and ys differ in length");
        }
    }

    public int size() {
        return xs.length;
    }

    /** The points mapped by {@code pose} (pose ⊕ point). */
    public PointSet transformed(Pose2 pose) {
        double c = Math.cos(pose.theta());
        double s = Math.sin(pose.theta());
        float[] tx = new float[xs.length];
        float[] ty = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            tx[i] = (float) (pose.x() + c * xs[i] - s * ys[i]);
            ty[i] = (float) (pose.y() + s * xs[i] + c * ys[i]);
        }
        return new PointSet(tx, ty);
    }

    /** The largest distance of a point from the frame's origin (0 for an empty set). */
    public double maxRange() {
        double m = 0;
        for (int i = 0; i < xs.length; i++) {
            m = Math.max(m, Math.hypot(xs[i], ys[i]));
        }
        return m;
    }
}
