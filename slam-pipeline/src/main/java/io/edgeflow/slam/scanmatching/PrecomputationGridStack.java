package io.edgeflow.slam.scanmatching;

import io.edgeflow.slam.mapping2d.ProbabilityGrid;

/**
 * The multi-resolution grids of Hess et al. 2016: level d holds, at cell (x, y), the maximum
 * probability over the 2^d × 2^d block of cells [x, x+2^d) × [y, y+2^d) of the submap grid. So a
 * scan scored on level d with a translation offset o bounds from above the score of every offset in
 * [o, o+2^d)², which is what branch-and-bound prunes with. Level d is built from level d−1 as the
 * max of four shifted values, O(cells) per level.
 */
public final class PrecomputationGridStack {
    private final int depth;
    private final int[] minX;
    private final int[] minY;
    private final int[] width;
    private final int[] height;
    private final float[][] levels;

    public PrecomputationGridStack(ProbabilityGrid grid, int depth) {
        if (depth < 0 || depth > 12) {
            throw new IllegalArgumentException("depth must be in [0, 12]");
        }
        this.depth = depth;
        minX = new int[depth + 1];
        minY = new int[depth + 1];
        width = new int[depth + 1];
        height = new int[depth + 1];
        levels = new float[depth + 1][];
        minX[0] = grid.minCellX();
        minY[0] = grid.minCellY();
        width[0] = grid.width();
        height[0] = grid.height();
        levels[0] = grid.probabilityArray().clone();
        for (int d = 1; d <= depth; d++) {
            int half = 1 << (d - 1);
            // Level d at x reads level d−1 at x and x+half: it starts half cells lower.
            minX[d] = minX[d - 1] - half;
            minY[d] = minY[d - 1] - half;
            width[d] = width[d - 1] + half;
            height[d] = height[d - 1] + half;
            levels[d] = maxOfShifted(levels[d - 1], width[d - 1], height[d - 1], half);
        }
    }

    /**
     * Level d from level d−1 (w × h): at (x, y) of the (w + half) × (h + half) result, the max of
     * the previous level at (x − half | x, y − half | y), MIN_PROBABILITY outside it — separably,
     * rows first, then columns.
     */
    private static float[] maxOfShifted(float[] previous, int w, int h, int half) {
        int nw = w + half;
        int nh = h + half;
        float min = ProbabilityGrid.MIN_PROBABILITY;
        float[] rows = new float[nw * h];
        for (int y = 0; y < h; y++) {
            int src = y * w;
            int dst = y * nw;
            for (int x = 0; x < nw; x++) {
                float left = x >= half ? previous[src + x - half] : min;
                float right = x < w ? previous[src + x] : min;
                rows[dst + x] = Math.max(left, right);
            }
        }
        float[] level = new float[nw * nh];
        for (int y = 0; y < nh; y++) {
            int dst = y * nw;
            int below = (y - half) * nw;
            int at = y * nw;
            boolean hasBelow = y >= half;
            boolean hasAt = y < h;
            for (int x = 0; x < nw; x++) {
                float a = hasBelow ? rows[below + x] : min;
                float b = hasAt ? rows[at + x] : min;
                level[dst + x] = Math.max(a, b);
            }
        }
        return level;
    }

    public int depth() {
        return depth;
    }

    /**
     * Sum of the level-d values at cells (xs[i] + dx, ys[i] + dy), summed in point order; {@code
     * bounds} = {min xs, max xs, min ys, max ys}, so that a sum whose points all fall inside the
     * level (the usual case) reads the array without a check per point.
     */
    public double sum(int d, int[] xs, int[] ys, int[] bounds, int dx, int dy) {
        int x0 = minX[d] - dx;
        int y0 = minY[d] - dy;
        int w = width[d];
        double sum = 0;
        if (bounds[0] >= x0
                && bounds[1] < x0 + w
                && bounds[2] >= y0
                && bounds[3] < y0 + height[d]) {
            float[] level = levels[d];
            for (int i = 0; i < xs.length; i++) {
                sum += level[(ys[i] - y0) * w + xs[i] - x0];
            }
        } else {
            for (int i = 0; i < xs.length; i++) {
                sum += value(d, xs[i] + dx, ys[i] + dy);
            }
        }
        return sum;
    }

    /** The level-d value at global cell (cx, cy); MIN_PROBABILITY outside. */
    public float value(int d, int cx, int cy) {
        int x = cx - minX[d];
        int y = cy - minY[d];
        if (x < 0 || y < 0 || x >= width[d] || y >= height[d]) {
            return ProbabilityGrid.MIN_PROBABILITY;
        }
        return levels[d][y * width[d] + x];
    }

    /** Memory held, in bytes (for cache sizing). */
    public long bytes() {
        long b = 0;
        for (float[] l : levels) {
            b += 4L * l.length;
        }
        return b;
    }
}
