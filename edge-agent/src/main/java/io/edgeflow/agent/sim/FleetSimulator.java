package io.edgeflow.agent.sim;

import io.edgeflow.agent.FrameSink;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.Pose2;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * N virtual robots touring one occupancy map, each sending an ODOMETRY and a LASER_SCAN frame
 * (keyed by its name) at a fixed rate. Robots tick in a staggered round, spreading the frames over
 * each period as independent robots would. Each robot reports poses in its own odometry frame,
 * starting at its origin, so nothing in the frames tells how the robots' frames relate. Frames are
 * stamped with the wall clock at their scheduled time (consumers can measure end-to-end latency).
 */
public final class FleetSimulator {

    /**
     * @param rateHz scans (and odometry frames) per second per robot
     * @param robotRadius clearance every robot keeps from walls and unknown space, metres
     */
    public record Settings(
            int robots,
            double rateHz,
            LaserModel laser,
            double speed,
            double turnRate,
            double robotRadius,
            long seed,
            String namePrefix) {
        public Settings {
            if (robots < 1) {
                throw new IllegalArgumentException("need at least one robot");
            }
            if (!(rateHz > 0) || !(speed > 0) || !(turnRate > 0) || !(robotRadius > 0)) {
                throw new IllegalArgumentException("rate, speed, turn rate and radius must be > 0");
            }
        }

        public static Settings defaults(int robots, double rateHz) {
            return new Settings(robots, rateHz, LaserModel.sickLms(180), 0.5, 1.0, 0.3, 1, "sim-");
        }
    }

    /**
     * What a run sent: frames of both kinds, their bytes, and how far behind schedule the simulator
     * fell at worst (a loaded machine shows here before it shows in the job).
     */
    public record Result(
            long scans,
            long frames,
            long bytes,
            double seconds,
            double maxLagMillis,
            double metres) {
        public double scansPerSecond() {
            return seconds > 0 ? scans / seconds : 0;
        }
    }

    private final Settings settings;
    private final RayCaster caster;
    private final List<VirtualRobot> robots = new ArrayList<>();
    private final List<SplittableRandom> noise = new ArrayList<>();
    private final long[] nextSeq;
    private final int[] nodeIds;
    private final FrameCodec codec = new FrameCodec();
    private volatile boolean stopped;

    public FleetSimulator(OccupancyMap map, Settings settings) {
        this.settings = settings;
        this.caster = new RayCaster(map);
        RoutePlanner planner = new RoutePlanner(new Clearance(map), settings.robotRadius());
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        nextSeq = new long[settings.robots()];
        nodeIds = new int[settings.robots()];
        for (int k = 0; k < settings.robots(); k++) {
            String name = settings.namePrefix() + (k + 1);
            robots.add(
                    new VirtualRobot(
                            name, planner, seeds.split(), settings.speed(), settings.turnRate()));
            noise.add(seeds.split());
            nodeIds[k] = NodeId.of(name);
        }
    }

    public List<VirtualRobot> robots() {
        return robots;
    }

    /** Ends a {@link #run} at its next tick (e.g. from a shutdown hook). */
    public void stop() {
        stopped = true;
    }

    /**
     * Sends every robot's frames at the configured rate for {@code duration} (or until {@link
     * #stop}), then flushes the sink.
     */
    public Result run(FrameSink sink, Duration duration) throws InterruptedException {
        int n = robots.size();
        long period = Math.round(1e9 / settings.rateHz());
        double dt = 1 / settings.rateHz();
        long t0 = System.nanoTime();
        long epochMicros0 = System.currentTimeMillis() * 1000;
        long end = duration.toNanos();
        long scans = 0;
        long frames = 0;
        long bytes0 = sink.bytesSent();
        long maxLag = 0;
        for (long c = 0; !stopped; c++) {
            long offset = c / n * period + (c % n) * period / n;
            if (offset >= end) {
                break;
            }
            long lag = System.nanoTime() - (t0 + offset);
            if (lag < 0) {
                LockSupport.parkNanos(-lag);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            } else {
                maxLag = Math.max(maxLag, lag);
            }
            int k = (int) (c % n);
            long micros = epochMicros0 + offset / 1000;
            for (byte[] frame : tick(k, dt, micros)) {
                sink.send(robots.get(k).name(), frame);
                frames++;
            }
            scans++;
        }
        sink.flush();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double metres = robots.stream().mapToDouble(VirtualRobot::distance).sum();
        return new Result(scans, frames, sink.bytesSent() - bytes0, seconds, maxLag / 1e6, metres);
    }

    /**
     * Robot k moves for dt seconds, then reports its odometry and a scan stamped {@code micros}.
     */
    List<byte[]> tick(int k, double dt, long micros) {
        VirtualRobot robot = robots.get(k);
        Pose2 truth = robot.step(dt);
        LaserModel laser = settings.laser();
        float[] ranges = laser.scan(caster, truth.x(), truth.y(), truth.theta(), noise.get(k));
        Pose2 odom = robot.odometryPose();
        Odometry o =
                new Odometry(
                        nextSeq[k]++,
                        micros,
                        odom,
                        robot.linearVelocity(),
                        robot.angularVelocity());
        LaserScan s =
                new LaserScan(
                        nextSeq[k]++,
                        micros,
                        (float) laser.angleMin(),
                        (float) laser.angleIncrement(),
                        (float) laser.minRange(),
                        (float) laser.maxRange(),
                        odom,
                        odom,
                        ranges);
        return List.of(codec.encode(nodeIds[k], o), codec.encode(nodeIds[k], s));
    }
}
