package io.edgeflow.slam.mapping2d;

import io.edgeflow.protocol.Pose2;

/**
 * Turns the beams of one scan into {@link RangeData} in the robot frame. Readings below {@code
 * minRange} (including the 0 that replaces NaN/negative readings) are dropped; readings beyond
 * {@code maxRange} (max-range "no return" readings included) become misses of length {@code
 * missingRayLength}, so they clear free space without inventing obstacles.
 */
public record RangeDataBuilder(double minRange, double maxRange, double missingRayLength) {

    public RangeDataBuilder {
        if (!(minRange >= 0 && maxRange > minRange && missingRayLength >= 0)) {
            throw new IllegalArgumentException(
                    "need 0 <= minRange < maxRange, missingRayLength >= 0");
        }
    }

    /**
     * @param sensorPose the sensor's pose in the robot frame (its mounting offset)
     * @param sensorMaxRange the range the sensor reports for "no return"; readings at or above it
     *     are misses whatever {@code maxRange} is
     */
    public RangeData build(
            float angleMin,
            float angleIncrement,
            float[] ranges,
            float sensorMaxRange,
            Pose2 sensorPose) {
        int n = ranges.length;
        float[] hx = new float[n];
        float[] hy = new float[n];
        float[] mx = new float[n];
        float[] my = new float[n];
        int hits = 0;
        int misses = 0;
        double c0 = Math.cos(sensorPose.theta());
        double s0 = Math.sin(sensorPose.theta());
        for (int i = 0; i < n; i++) {
            float r = ranges[i];
            if (!(r >= minRange) || Float.isNaN(r)) {
                continue;
            }
            double a = angleMin + i * (double) angleIncrement;
            boolean hit = r <= maxRange && r < sensorMaxRange;
            double len = hit ? r : missingRayLength;
            if (!hit && len <= 0) {
                continue;
            }
            double lx = len * Math.cos(a);
            double ly = len * Math.sin(a);
            float x = (float) (sensorPose.x() + c0 * lx - s0 * ly);
            float y = (float) (sensorPose.y() + s0 * lx + c0 * ly);
            if (hit) {
                hx[hits] = x;
                hy[hits++] = y;
            } else {
                mx[misses] = x;
                my[misses++] = y;
            }
        }
        return new RangeData(
                sensorPose,
                new PointSet(java.util.Arrays.copyOf(hx, hits), java.util.Arrays.copyOf(hy, hits)),
                new PointSet(
                        java.util.Arrays.copyOf(mx, misses), java.util.Arrays.copyOf(my, misses)));
    }
}
