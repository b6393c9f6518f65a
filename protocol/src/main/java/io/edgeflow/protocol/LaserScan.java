package io.edgeflow.protocol;

import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;
import java.util.Arrays;

/**
 * One planar laser scan. Beam i points at {@code angleMin + i * angleIncrement} radians in the
 * sensor frame; a range of +∞ means "no return" (beyond {@code rangeMax}). The sensor pose is the
 * laser's pose and the odometry pose the robot's, both in the robot's odometry frame at the scan's
 * timestamp, as CARMEN logs record them.
 */
public record LaserScan(
        long seq,
        long timestampMicros,
        float angleMin,
        float angleIncrement,
        float rangeMin,
        float rangeMax,
        Pose2 sensorPose,
        Pose2 odometryPose,
        float[] ranges)
        implements Message {

    /** Upper bound on beams; far above any planar lidar (a 0.1° 360° scanner has 3600). */
    public static final int MAX_BEAMS = 65_535;

    @Override
    public MessageType type() {
        return MessageType.LASER_SCAN;
    }

    @Override
    public void writeTo(PayloadWriter out) {
        out.i64(seq).i64(timestampMicros);
        out.f32(angleMin).f32(angleIncrement).f32(rangeMin).f32(rangeMax);
        out.pose(sensorPose).pose(odometryPose);
        out.i32(ranges.length);
        for (float r : ranges) {
            out.f32(r);
        }
    }

    static LaserScan read(PayloadReader in) throws MalformedPayloadException {
        long seq = in.i64("seq");
        long ts = in.i64("timestamp");
        float angleMin = in.f32("angle_min");
        float angleInc = in.f32("angle_increment");
        float rangeMin = in.f32("range_min");
        float rangeMax = in.f32("range_max");
        Pose2 sensor = in.pose("sensor_pose");
        Pose2 odom = in.pose("odometry_pose");
        int n = in.i32("beam count");
        if (n < 0 || n > MAX_BEAMS || (long) n * 4 > in.remaining()) {
            throw new MalformedPayloadException(
                    "beam count " + Integer.toUnsignedString(n) + " does not fit the payload");
        }
        float[] ranges = new float[n];
        for (int i = 0; i < n; i++) {
            ranges[i] = in.f32("ranges");
        }
        return new LaserScan(seq, ts, angleMin, angleInc, rangeMin, rangeMax, sensor, odom, ranges);
    }

    @Override
    public String invalidReason() {
        if (seq < 0) {
            return "negative seq";
        }
        if (!Float.isFinite(angleMin) || !Float.isFinite(angleIncrement) || angleIncrement <= 0) {
            return "angle_min/angle_increment must be finite, increment > 0";
        }
        if (!Float.isFinite(rangeMin)
                || !Float.isFinite(rangeMax)
                || rangeMin < 0
                || rangeMax <= rangeMin) {
            return "range limits must be finite with 0 <= range_min < range_max";
        }
        if (!sensorPose.isFinite() || !odometryPose.isFinite()) {
            return "pose has NaN or infinite components";
        }
        if (ranges.length > MAX_BEAMS) {
            return "more than " + MAX_BEAMS + " beams";
        }
        for (int i = 0; i < ranges.length; i++) {
            float r = ranges[i];
            if (Float.isNaN(r) || r < 0) {
                return "range[" + i + "] is " + r + " (NaN or negative)";
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LaserScan s
                && seq == s.seq
                && timestampMicros == s.timestampMicros
                && Float.compare(angleMin, s.angleMin) == 0
                && Float.compare(angleIncrement, s.angleIncrement) == 0
                && Float.compare(rangeMin, s.rangeMin) == 0
                && Float.compare(rangeMax, s.rangeMax) == 0
                && sensorPose.equals(s.sensorPose)
                && odometryPose.equals(s.odometryPose)
                && Arrays.equals(ranges, s.ranges);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(seq) + Arrays.hashCode(ranges);
    }

    @Override
    public String toString() {
        return "LaserScan[seq="
                + seq
                + ", t="
                + timestampMicros
                + ", beams="
                + ranges.length
                + ", odom="
                + odometryPose
                + "]";
    }
}
