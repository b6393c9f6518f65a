package io.edgeflow.agent.replay;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.protocol.carmen.CarmenOdometry;
import io.edgeflow.protocol.carmen.CarmenRecord;
import io.edgeflow.protocol.carmen.ScanTimeOdometry;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one robot's log into N contiguous segments, one per virtual robot, with equal numbers of
 * laser scans. Each scan carries the odometry at its own time ({@link ScanTimeOdometry}, taken on
 * the whole log, as the standalone SLAM run does), as a robot's driver would stamp it. Each segment
 * is re-based to its own origin: robots do not know where the others start, which is exactly what
 * collaborative mapping has to find out.
 */
public final class LogSplitter {
    private LogSplitter() {}

    public static List<RobotLog> split(List<CarmenRecord> records, int robots, String namePrefix) {
        if (robots < 1) {
            throw new IllegalArgumentException("robots must be >= 1, was " + robots);
        }
        long scans = records.stream().filter(r -> r instanceof CarmenLaser).count();
        if (scans < robots) {
            throw new IllegalArgumentException(
                    "log has " + scans + " laser scans, fewer than " + robots + " robots");
        }
        List<RobotLog> out = new ArrayList<>(robots);
        List<CarmenRecord> current = new ArrayList<>();
        long scansSeen = 0;
        int segment = 0;
        for (CarmenRecord r : ScanTimeOdometry.apply(records)) {
            if (r instanceof CarmenLaser) {
                // Segment s holds scans [s*scans/robots, (s+1)*scans/robots).
                long boundary = (segment + 1) * scans / robots;
                if (scansSeen == boundary && segment < robots - 1) {
                    out.add(rebase(namePrefix + (segment + 1), current));
                    current = new ArrayList<>();
                    segment++;
                }
                scansSeen++;
            }
            current.add(r);
        }
        out.add(rebase(namePrefix + (segment + 1), current));
        return out;
    }

    /** Expresses every pose relative to the segment's first odometry pose. */
    static RobotLog rebase(String name, List<CarmenRecord> records) {
        CarmenRecord first = records.get(0);
        Pose2 origin =
                first instanceof CarmenLaser l ? l.robotPose() : ((CarmenOdometry) first).pose();
        List<CarmenRecord> rebased = new ArrayList<>(records.size());
        for (CarmenRecord r : records) {
            if (r instanceof CarmenLaser l) {
                rebased.add(
                        new CarmenLaser(
                                l.lineNumber(),
                                l.timestamp(),
                                l.angleMin(),
                                l.angleIncrement(),
                                l.maxRange(),
                                l.ranges(),
                                origin.between(l.laserPose()),
                                origin.between(l.robotPose())));
            } else {
                CarmenOdometry o = (CarmenOdometry) r;
                rebased.add(
                        new CarmenOdometry(
                                o.lineNumber(),
                                o.timestamp(),
                                origin.between(o.pose()),
                                o.translationalVelocity(),
                                o.rotationalVelocity()));
            }
        }
        return new RobotLog(name, rebased);
    }
}
