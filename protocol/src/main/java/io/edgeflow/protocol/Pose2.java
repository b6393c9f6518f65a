package io.edgeflow.protocol;

/** A planar pose on the wire: position in metres, heading in radians. */
public record Pose2(double x, double y, double theta) {
    public static final Pose2 ORIGIN = new Pose2(0, 0, 0);

    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(theta);
    }

    /** this ⊕ delta: applies a motion expressed in this pose's frame. */
    public Pose2 compose(Pose2 delta) {
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        return new Pose2(
                x + c * delta.x - s * delta.y,
                y + s * delta.x + c * delta.y,
                normalizeAngle(theta + delta.theta));
    }

    /** this⁻¹ ⊕ other: the pose of {@code other} expressed in this pose's frame. */
    public Pose2 between(Pose2 other) {
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        double dx = other.x - x;
        double dy = other.y - y;
        return new Pose2(c * dx + s * dy, -s * dx + c * dy, normalizeAngle(other.theta - theta));
    }

    public static double normalizeAngle(double a) {
        double r = Math.IEEEremainder(a, 2 * Math.PI);
        return r == Math.PI ? -Math.PI : r;
    }
}
