package io.edgeflow.slam.mapping2d;

import java.util.Arrays;

/**
 * Downsampling on a square voxel grid: keeps the first point that falls in each voxel, in input
 * order (so a scan's angular order survives). The adaptive variant grows the voxel until at most
 * {@code minPoints} remain, as Cartographer's adaptive voxel filter does, to bound the cost of scan
 * matching independent of how dense a scan is.
 */
public final class VoxelFilter {
    private VoxelFilter() {}

    public static PointSet filter(PointSet points, double voxelSize) {
        int n = points.size();
        if (n == 0 || voxelSize <= 0) {
            return points;
        }
        long[] seen = new long[Math.max(16, Integer.highestOneBit(n * 2) * 2)];
        Arrays.fill(seen, Long.MIN_VALUE);
        int mask = seen.length - 1;
        float[] xs = new float[n];
        float[] ys = new float[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long kx = (long) Math.floor(points.xs()[i] / voxelSize);
            long ky = (long) Math.floor(points.ys()[i] / voxelSize);
            long key = (kx << 32) ^ (ky & 0xffffffffL);
            int h = (int) (mix(key) & mask);
            boolean fresh = true;
            while (seen[h] != Long.MIN_VALUE) {
                if (seen[h] == key) {
                    fresh = false;
                    break;
                }
                h = (h + 1) & mask;
            }
            if (fresh) {
                seen[h] = key;
                xs[kept] = points.xs()[i];
                ys[kept++] = points.ys()[i];
            }
        }
        return new PointSet(Arrays.copyOf(xs, kept), Arrays.copyOf(ys, kept));
    }

    /**
     * Points within {@code maxRange} of the origin, filtered with the largest voxel (binary search
     * between 1 cm and {@code maxLength}) that still leaves at least {@code minPoints} points; with
     * fewer input points than that, all of them.
     */
    public static PointSet adaptive(
            PointSet points, double maxLength, int minPoints, double maxRange) {
        PointSet inRange = withinRange(points, maxRange);
        if (inRange.size() <= minPoints) {
            return inRange;
        }
        PointSet coarsest = filter(inRange, maxLength);
        if (coarsest.size() >= minPoints) {
            return coarsest;
        }
        double low = 0.01;
        double high = maxLength;
        PointSet best = filter(inRange, low);
        if (best.size() < minPoints) {
            return inRange;
        }
        // Invariant: filtering with `low` leaves >= minPoints points.
        while (high / low > 1.1) {
            double mid = Math.sqrt(low * high);
            PointSet candidate = filter(inRange, mid);
            if (candidate.size() >= minPoints) {
                low = mid;
                best = candidate;
            } else {
                high = mid;
            }
        }
        return best;
    }

    private static PointSet withinRange(PointSet points, double maxRange) {
        int n = points.size();
        float[] xs = new float[n];
        float[] ys = new float[n];
        int kept = 0;
        double max2 = maxRange * maxRange;
        for (int i = 0; i < n; i++) {
            float x = points.xs()[i];
            float y = points.ys()[i];
            if (x * x + y * y <= max2) {
                xs[kept] = x;
                ys[kept++] = y;
            }
        }
        return kept == n ? points : new PointSet(Arrays.copyOf(xs, kept), Arrays.copyOf(ys, kept));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
