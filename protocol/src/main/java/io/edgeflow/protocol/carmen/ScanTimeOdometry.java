package io.edgeflow.protocol.carmen;

import io.edgeflow.protocol.Pose2;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Odometry at each scan's own time. A CARMEN laser line carries the latest odometry the logger had
 * when the scan came in — on the ACES log 0.11 s old on average, several centimetres at walking
 * speed — while the ODOM lines before and after the scan bracket where the wheels really were. A
 * scan between two ODOM lines gets the odometry interpolated at its timestamp (its laser pose moved
 * along, keeping the mounting offset); a scan outside the ODOM lines' time span, or in a log
 * without any, keeps the pose its line carries. Heading turns the shorter way between two ODOM
 * lines (their velocity fields cannot say otherwise: ACES and Intel log zeros, FR079 other units).
 */
public final class ScanTimeOdometry {
    private ScanTimeOdometry() {}

    /** The records in the same order, each laser line's poses taken at the scan's time. */
    public static List<CarmenRecord> apply(List<CarmenRecord> records) {
        CarmenOdometry[] odometry =
                records.stream()
                        .filter(r -> r instanceof CarmenOdometry)
                        .map(r -> (CarmenOdometry) r)
                        .sorted(Comparator.comparingDouble(CarmenOdometry::timestamp))
                        .toArray(CarmenOdometry[]::new);
        if (odometry.length < 2) {
            return records;
        }
        double[] times = Arrays.stream(odometry).mapToDouble(CarmenOdometry::timestamp).toArray();
        List<CarmenRecord> out = new ArrayList<>(records.size());
        for (CarmenRecord r : records) {
            out.add(r instanceof CarmenLaser l ? atScanTime(l, odometry, times) : r);
        }
        return out;
    }

    private static CarmenLaser atScanTime(
            CarmenLaser laser, CarmenOdometry[] odometry, double[] times) {
        double t = laser.timestamp();
        if (t < times[0] || t > times[times.length - 1]) {
            return laser;
        }
        // The last ODOM line at or before t, and the one after it.
        int i = upperBound(times, t) - 1;
        if (i == times.length - 1) {
            i--;
        }
        Pose2 odom = interpolate(odometry[i], odometry[i + 1], t);
        Pose2 mount = laser.robotPose().between(laser.laserPose());
        return new CarmenLaser(
                laser.lineNumber(),
                t,
                laser.angleMin(),
                laser.angleIncrement(),
                laser.maxRange(),
                laser.ranges(),
                odom.compose(mount),
                odom);
    }

    static Pose2 interpolate(CarmenOdometry a, CarmenOdometry b, double t) {
        double dt = b.timestamp() - a.timestamp();
        if (dt <= 0) {
            return b.pose();
        }
        double f = (t - a.timestamp()) / dt;
        double turn = Pose2.normalizeAngle(b.pose().theta() - a.pose().theta());
        return new Pose2(
                a.pose().x() + f * (b.pose().x() - a.pose().x()),
                a.pose().y() + f * (b.pose().y() - a.pose().y()),
                Pose2.normalizeAngle(a.pose().theta() + f * turn));
    }

    /** Index of the first time strictly greater than t. */
    private static int upperBound(double[] times, double t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
