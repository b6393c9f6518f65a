package io.edgeflow.agent.sim;

import io.edgeflow.protocol.Pose2;
import java.util.random.RandomGenerator;

/**
 * Wheel odometry that drifts like a real robot's: each robot has its own systematic errors (a
 * wheel-radius scale error and a heading bias per metre driven), and every motion adds random
 * errors whose variance grows with the distance driven and the angle turned. Starts at the origin
 * of the robot's own odometry frame, which nothing relates to any other robot's.
 */
public final class WheelOdometry {
    /** Variance of the distance error per metre driven (σ = 2 cm after 1 m). */
    static final double DISTANCE_VARIANCE_PER_METRE = 0.02 * 0.02;

    /** Variance of the heading error per metre driven (σ = 1° after 1 m). */
    static final double HEADING_VARIANCE_PER_METRE = Math.pow(Math.toRadians(1), 2);

    /** Variance of the heading error per radian turned (σ = 2° after a full radian). */
    static final double HEADING_VARIANCE_PER_RADIAN = Math.pow(Math.toRadians(2), 2);

    private final RandomGenerator random;
    private final double scale;
    private final double headingBiasPerMetre;
    private Pose2 pose = Pose2.ORIGIN;

    public WheelOdometry(RandomGenerator random) {
        this.random = random;
        this.scale = 1 + 0.01 * random.nextGaussian();
        this.headingBiasPerMetre = Math.toRadians(0.5) * random.nextGaussian();
    }

    /** Adds the robot's true motion {@code delta} (in its own frame before the motion). */
    public Pose2 integrate(Pose2 delta) {
        double distance = Math.hypot(delta.x(), delta.y());
        double turned = Math.abs(delta.theta());
        double distanceError =
                random.nextGaussian() * Math.sqrt(DISTANCE_VARIANCE_PER_METRE * distance);
        double headingError =
                headingBiasPerMetre * distance
                        + random.nextGaussian()
                                * Math.sqrt(
                                        HEADING_VARIANCE_PER_METRE * distance
                                                + HEADING_VARIANCE_PER_RADIAN * turned);
        double s = distance == 0 ? 0 : (scale + distanceError / distance);
        pose = pose.compose(new Pose2(delta.x() * s, delta.y() * s, delta.theta() + headingError));
        return pose;
    }

    public Pose2 pose() {
        return pose;
    }
}
