package io.edgeflow.slam.mapping2d;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An occupancy grid in log-odds. Cell (i, j) covers [i·r, (i+1)·r) × [j·r, (j+1)·r) in the grid's
 * frame, for any integers i, j: the array grows in whole tiles as data arrives, so cell indices
 * never shift and tiles stay stable across growth (what checkpoints need). Probabilities are kept
 * beside the log-odds because scan matching reads them millions of times per second; unknown cells
 * read as {@link #MIN_PROBABILITY}.
 */
public final class ProbabilityGrid {
    public static final int TILE_SIZE = 64;
    public static final float MIN_PROBABILITY = 0.1f;
    public static final float MAX_PROBABILITY = 0.9f;
    private static final float MIN_LOG_ODDS = logOdds(MIN_PROBABILITY);
    private static final float MAX_LOG_ODDS = logOdds(MAX_PROBABILITY);

    private final double resolution;
    private int minCellX;
    private int minCellY;
    private int width;
    private int height;
    private float[] logOdds = new float[0];
    private float[] probability = new float[0];
    private int[] updateStamp = new int[0];
    private int stamp;

    public ProbabilityGrid(double resolution) {
        if (!(resolution > 0)) {
            throw new IllegalArgumentException("resolution must be > 0");
        }
        this.resolution = resolution;
    }

    public static float logOdds(double p) {
        return (float) Math.log(p / (1 - p));
    }

    public static float probabilityOf(float logOdds) {
        return (float) (1 / (1 + Math.exp(-logOdds)));
    }

    public double resolution() {
        return resolution;
    }

    public int minCellX() {
        return minCellX;
    }

    public int minCellY() {
        return minCellY;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int cellX(double x) {
        return (int) Math.floor(x / resolution);
    }

    public int cellY(double y) {
        return (int) Math.floor(y / resolution);
    }

    /** Probability of the cell at global cell indices (MIN_PROBABILITY outside or unknown). */
    public float probability(int cx, int cy) {
        int ix = cx - minCellX;
        int iy = cy - minCellY;
        if (ix < 0 || iy < 0 || ix >= width || iy >= height) {
            return MIN_PROBABILITY;
        }
        return probability[iy * width + ix];
    }

    /** Log-odds of a cell, NaN if unknown. */
    public float logOddsAt(int cx, int cy) {
        int ix = cx - minCellX;
        int iy = cy - minCellY;
        if (ix < 0 || iy < 0 || ix >= width || iy >= height) {
            return Float.NaN;
        }
        return logOdds[iy * width + ix];
    }

    public boolean isKnown(int cx, int cy) {
        return !Float.isNaN(logOddsAt(cx, cy));
    }

    /**
     * The probability array and its layout, for hot loops that do their own bounds checks: value of
     * global cell (cx, cy) is {@code array[(cy - minCellY) * width + (cx - minCellX)]}.
     */
    public float[] probabilityArray() {
        return probability;
    }

    /** Makes sure cells in [cx0, cx1] × [cy0, cy1] are backed by the array, growing in tiles. */
    public void ensureCells(int cx0, int cy0, int cx1, int cy1) {
        if (width > 0
                && cx0 >= minCellX
                && cy0 >= minCellY
                && cx1 < minCellX + width
                && cy1 < minCellY + height) {
            return;
        }
        int nx0 = Math.floorDiv(cx0, TILE_SIZE) * TILE_SIZE;
        int ny0 = Math.floorDiv(cy0, TILE_SIZE) * TILE_SIZE;
        int nx1 = (Math.floorDiv(cx1, TILE_SIZE) + 1) * TILE_SIZE;
        int ny1 = (Math.floorDiv(cy1, TILE_SIZE) + 1) * TILE_SIZE;
        if (width > 0) {
            // Grow with a margin of one tile so a robot driving along an edge does not reallocate
            // on every scan.
            nx0 = Math.min(nx0 - (cx0 < minCellX ? TILE_SIZE : 0), minCellX);
            ny0 = Math.min(ny0 - (cy0 < minCellY ? TILE_SIZE : 0), minCellY);
            nx1 = Math.max(nx1 + (cx1 >= minCellX + width ? TILE_SIZE : 0), minCellX + width);
            ny1 = Math.max(ny1 + (cy1 >= minCellY + height ? TILE_SIZE : 0), minCellY + height);
        }
        int nw = nx1 - nx0;
        int nh = ny1 - ny0;
        float[] nl = new float[nw * nh];
        float[] np = new float[nw * nh];
        int[] ns = new int[nw * nh];
        Arrays.fill(nl, Float.NaN);
        Arrays.fill(np, MIN_PROBABILITY);
        for (int y = 0; y < height; y++) {
            int src = y * width;
            int dst = (y + minCellY - ny0) * nw + (minCellX - nx0);
            System.arraycopy(logOdds, src, nl, dst, width);
            System.arraycopy(probability, src, np, dst, width);
            System.arraycopy(updateStamp, src, ns, dst, width);
        }
        minCellX = nx0;
        minCellY = ny0;
        width = nw;
        height = nh;
        logOdds = nl;
        probability = np;
        updateStamp = ns;
    }

    /** Starts one insertion: each cell is updated at most once until the next call. */
    public void beginUpdate() {
        stamp++;
    }

    /**
     * Adds {@code delta} log-odds to a cell (an unknown cell starts at 0, p = 0.5) unless the cell
     * was already updated in this insertion; the cell must have been ensured.
     *
     * @return false if skipped
     */
    public boolean update(int cx, int cy, float delta) {
        int i = (cy - minCellY) * width + (cx - minCellX);
        if (updateStamp[i] == stamp) {
            return false;
        }
        updateStamp[i] = stamp;
        float l = logOdds[i];
        l = (Float.isNaN(l) ? 0f : l) + delta;
        l = Math.max(MIN_LOG_ODDS, Math.min(MAX_LOG_ODDS, l));
        logOdds[i] = l;
        probability[i] = probabilityOf(l);
        return true;
    }

    /** The known part of the grid as tiles (tiles with no known cell are left out). */
    public List<GridTile> tiles() {
        List<GridTile> out = new ArrayList<>();
        for (int ty = 0; ty < height / TILE_SIZE; ty++) {
            for (int tx = 0; tx < width / TILE_SIZE; tx++) {
                float[] cells = new float[TILE_SIZE * TILE_SIZE];
                boolean any = false;
                for (int y = 0; y < TILE_SIZE; y++) {
                    int src = (ty * TILE_SIZE + y) * width + tx * TILE_SIZE;
                    System.arraycopy(logOdds, src, cells, y * TILE_SIZE, TILE_SIZE);
                    for (int x = 0; x < TILE_SIZE && !any; x++) {
                        any = !Float.isNaN(cells[y * TILE_SIZE + x]);
                    }
                }
                if (any) {
                    out.add(
                            new GridTile(
                                    Math.floorDiv(minCellX, TILE_SIZE) + tx,
                                    Math.floorDiv(minCellY, TILE_SIZE) + ty,
                                    cells));
                }
            }
        }
        return out;
    }

    /** Rebuilds a grid from its tiles. */
    public static ProbabilityGrid fromTiles(double resolution, List<GridTile> tiles) {
        ProbabilityGrid g = new ProbabilityGrid(resolution);
        if (tiles.isEmpty()) {
            return g;
        }
        int tx0 = Integer.MAX_VALUE;
        int ty0 = Integer.MAX_VALUE;
        int tx1 = Integer.MIN_VALUE;
        int ty1 = Integer.MIN_VALUE;
        for (GridTile t : tiles) {
            tx0 = Math.min(tx0, t.tileX());
            ty0 = Math.min(ty0, t.tileY());
            tx1 = Math.max(tx1, t.tileX());
            ty1 = Math.max(ty1, t.tileY());
        }
        g.ensureCells(
                tx0 * TILE_SIZE,
                ty0 * TILE_SIZE,
                tx1 * TILE_SIZE + TILE_SIZE - 1,
                ty1 * TILE_SIZE + TILE_SIZE - 1);
        for (GridTile t : tiles) {
            for (int y = 0; y < TILE_SIZE; y++) {
                int row =
                        (t.tileY() * TILE_SIZE + y - g.minCellY) * g.width
                                + t.tileX() * TILE_SIZE
                                - g.minCellX;
                for (int x = 0; x < TILE_SIZE; x++) {
                    float l = t.logOdds()[y * TILE_SIZE + x];
                    g.logOdds[row + x] = l;
                    g.probability[row + x] = Float.isNaN(l) ? MIN_PROBABILITY : probabilityOf(l);
                }
            }
        }
        return g;
    }
}
