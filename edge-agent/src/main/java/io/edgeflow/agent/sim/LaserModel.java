package io.edgeflow.agent.sim;

import java.util.random.RandomGenerator;

/**
 * A planar laser scanner: {@code beams} beams from {@code angleMin} in steps of {@code
 * angleIncrement}, readings up to {@code maxRange} (beyond it, or with nothing to hit, +∞ = no
 * return). Range noise is Gaussian with a standard deviation of {@code noiseBase} plus {@code
 * noisePerMetre} per metre of range, as a SICK LMS's datasheet accuracy grows with distance.
 */
public record LaserModel(
        int beams,
        double angleMin,
        double angleIncrement,
        double minRange,
        double maxRange,
        double noiseBase,
        double noisePerMetre) {

    /** Like the Intel Research Lab log's SICK LMS: 180 beams over 180°, up to 30 m, ≈1 cm noise. */
    public static LaserModel sickLms(int beams) {
        double fov = Math.PI;
        return new LaserModel(beams, -fov / 2, fov / beams, 0.01, 30.0, 0.01, 0.005);
    }

    public LaserModel {
        if (beams < 1 || beams > 65535) {
            throw new IllegalArgumentException("beams must be in 1..65535");
        }
        if (!(angleIncrement > 0) || !(maxRange > minRange) || minRange < 0) {
            throw new IllegalArgumentException(
                    "need angleIncrement > 0 and maxRange > minRange ≥ 0");
        }
    }

    /** One scan from the sensor pose (x, y, theta), with noise drawn from {@code random}. */
    public float[] scan(
            RayCaster caster, double x, double y, double theta, RandomGenerator random) {
        float[] ranges = new float[beams];
        for (int b = 0; b < beams; b++) {
            double d = caster.cast(x, y, theta + angleMin + b * angleIncrement, maxRange);
            if (Double.isInfinite(d)) {
                ranges[b] = Float.POSITIVE_INFINITY;
                continue;
            }
            double noisy = d + random.nextGaussian() * (noiseBase + noisePerMetre * d);
            ranges[b] =
                    noisy >= maxRange ? Float.POSITIVE_INFINITY : (float) Math.max(minRange, noisy);
        }
        return ranges;
    }
}
