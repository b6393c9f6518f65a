package io.edgeflow.slam.geometry;

/**
 * A rigid motion in the plane: rotation by {@code theta} then translation by (x, y).
 *
 * <p>The solver perturbs poses on the right, X ⊕ δ = (t + R·δt, θ + δθ), so δ is expressed in the
 * body frame, which is the convention of g2o and GTSAM's Pose2 retraction.
 */
public record SE2(double x, double y, double theta) {

    public static final SE2 IDENTITY = new SE2(0, 0, 0);

    public SE2 {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(theta)) {
            throw new IllegalArgumentException("SE2 with non-finite component");
        }
        theta = wrapAngle(theta);
    }

    /** this · other. */
    public SE2 compose(SE2 other) {
        double c = Math.cos(theta), s = Math.sin(theta);
        return new SE2(
                x + c * other.x - s * other.y, y + s * other.x + c * other.y, theta + other.theta);
    }

    public SE2 inverse() {
        double c = Math.cos(theta), s = Math.sin(theta);
        return new SE2(-c * x - s * y, s * x - c * y, -theta);
    }

    /** thisᵀ·other, the pose of {@code other} seen from this one. */
    public SE2 between(SE2 other) {
        return inverse().compose(other);
    }

    /** Right retraction X ⊕ δ = (t + R·δt, θ + δθ). */
    public SE2 retract(double dx, double dy, double dtheta) {
        double c = Math.cos(theta), s = Math.sin(theta);
        return new SE2(x + c * dx - s * dy, y + s * dx + c * dy, theta + dtheta);
    }

    /** Inverse of {@link #retract}: the δ with this ⊕ δ = other. */
    public double[] localCoordinates(SE2 other) {
        double c = Math.cos(theta), s = Math.sin(theta);
        double dx = other.x - x, dy = other.y - y;
        return new double[] {c * dx + s * dy, -s * dx + c * dy, wrapAngle(other.theta - theta)};
    }

    /** Angle in (−π, π]. */
    public static double wrapAngle(double a) {
        if (a > -Math.PI && a <= Math.PI) {
            return a;
        }
        double w = Math.IEEEremainder(a, 2 * Math.PI);
        return w <= -Math.PI ? w + 2 * Math.PI : w;
    }
}
