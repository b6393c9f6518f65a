package io.edgeflow.slam.geometry;

/**
 * A rigid motion in space: rotation {@code rotation} then translation (x, y, z).
 *
 * <p>The solver perturbs poses on the right on SO(3)×R³, X ⊕ δ = (t + R·δt, R·Exp(δω)) with δ =
 * (δt, δω), the convention of g2o's and Ceres' pose-graph examples (translation first).
 */
public record SE3(SO3 rotation, double x, double y, double z) {

    public static final SE3 IDENTITY = new SE3(SO3.identity(), 0, 0, 0);

    public SE3 {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("SE3 with non-finite translation");
        }
    }

    public static SE3 ofQuaternion(
            double x, double y, double z, double qw, double qx, double qy, double qz) {
        return new SE3(SO3.ofQuaternion(qw, qx, qy, qz), x, y, z);
    }

    /** this · other. */
    public SE3 compose(SE3 other) {
        double[] t = rotation.rotate(other.x, other.y, other.z);
        return new SE3(rotation.compose(other.rotation), x + t[0], y + t[1], z + t[2]);
    }

    public SE3 inverse() {
        SO3 rt = rotation.inverse();
        double[] t = rt.rotate(x, y, z);
        return new SE3(rt, -t[0], -t[1], -t[2]);
    }

    /** this⁻¹·other, the pose of {@code other} seen from this one. */
    public SE3 between(SE3 other) {
        return inverse().compose(other);
    }

    /** Right retraction on SO(3)×R³: (t + R·δt, R·Exp(δω)). */
    public SE3 retract(double[] delta) {
        double[] t = rotation.rotate(delta[0], delta[1], delta[2]);
        return new SE3(
                rotation.compose(SO3.exp(delta[3], delta[4], delta[5])),
                x + t[0],
                y + t[1],
                z + t[2]);
    }

    /** Inverse of {@link #retract}: the δ with this ⊕ δ = other. */
    public double[] localCoordinates(SE3 other) {
        double[] t = rotation.inverse().rotate(other.x - x, other.y - y, other.z - z);
        double[] w = rotation.inverse().compose(other.rotation).log();
        return new double[] {t[0], t[1], t[2], w[0], w[1], w[2]};
    }

    public double[] translation() {
        return new double[] {x, y, z};
    }
}
