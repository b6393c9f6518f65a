package io.edgeflow.agent.sim;

import io.edgeflow.protocol.Pose2;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A differential-drive robot touring random goals: it turns in place towards the next point of its
 * route, then drives straight to it, so it only ever moves along the planner's collision-free legs.
 * Knows its true pose (for the simulation) and reports only its drifting wheel odometry.
 */
public final class VirtualRobot {
    private final String name;
    private final RoutePlanner planner;
    private final RandomGenerator random;
    private final WheelOdometry odometry;
    private final double speed;
    private final double turnRate;
    private final Deque<double[]> route = new ArrayDeque<>();
    private Pose2 truth;
    private double linearVelocity;
    private double angularVelocity;
    private double distance;
    private long goals;

    /**
     * @param speed metres per second when driving
     * @param turnRate radians per second when turning in place
     */
    public VirtualRobot(
            String name,
            RoutePlanner planner,
            RandomGenerator random,
            double speed,
            double turnRate) {
        this.name = name;
        this.planner = planner;
        this.random = random;
        this.speed = speed;
        this.turnRate = turnRate;
        double[] start = planner.randomPoint(random);
        this.truth = new Pose2(start[0], start[1], (random.nextDouble() * 2 - 1) * Math.PI);
        this.odometry = new WheelOdometry(random);
        plan(); // the first route now, not in the first tick of a timed run
    }

    /** Moves for {@code dt} seconds; returns the true pose after it. */
    public Pose2 step(double dt) {
        Pose2 before = truth;
        double left = dt;
        while (left > 1e-9) {
            if (route.isEmpty() && !plan()) {
                break; // no reachable goal this time: stand still, try again next step
            }
            double[] target = route.peek();
            double dx = target[0] - truth.x();
            double dy = target[1] - truth.y();
            double remaining = Math.hypot(dx, dy);
            if (remaining < 1e-6) {
                route.poll();
                continue;
            }
            double error = Pose2.normalizeAngle(Math.atan2(dy, dx) - truth.theta());
            if (Math.abs(error) > 1e-3) {
                double turn = Math.copySign(Math.min(Math.abs(error), turnRate * left), error);
                left -= Math.abs(turn) / turnRate;
                truth = new Pose2(truth.x(), truth.y(), Pose2.normalizeAngle(truth.theta() + turn));
                continue;
            }
            double heading = truth.theta() + error;
            double drive = Math.min(remaining, speed * left);
            left -= drive / speed;
            truth =
                    remaining - drive < 1e-6
                            ? new Pose2(target[0], target[1], heading)
                            : new Pose2(
                                    truth.x() + drive * Math.cos(heading),
                                    truth.y() + drive * Math.sin(heading),
                                    heading);
            if (remaining - drive < 1e-6) {
                route.poll();
            }
        }
        Pose2 delta = before.between(truth);
        distance += Math.hypot(delta.x(), delta.y());
        linearVelocity = dt > 0 ? Math.hypot(delta.x(), delta.y()) / dt : 0;
        angularVelocity = dt > 0 ? delta.theta() / dt : 0;
        odometry.integrate(delta);
        return truth;
    }

    private boolean plan() {
        // goals at least a few metres away keep robots touring rather than dithering
        for (int attempt = 0; attempt < 10; attempt++) {
            double[] goal = planner.randomPoint(random);
            if (Math.hypot(goal[0] - truth.x(), goal[1] - truth.y()) < 3 && attempt < 9) {
                continue;
            }
            var legs = planner.route(truth.x(), truth.y(), goal[0], goal[1]);
            if (!legs.isEmpty()) {
                route.addAll(legs);
                goals++;
                return true;
            }
        }
        return false;
    }

    public String name() {
        return name;
    }

    public Pose2 truth() {
        return truth;
    }

    public Pose2 odometryPose() {
        return odometry.pose();
    }

    public double linearVelocity() {
        return linearVelocity;
    }

    public double angularVelocity() {
        return angularVelocity;
    }

    /** Metres driven so far. */
    public double distance() {
        return distance;
    }

    /** Goals planned so far. */
    public long goals() {
        return goals;
    }
}
