package io.edgeflow.slam.collab;

import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A map group's merged occupancy grid as {@link MapTile}s, and which of them changed since they
 * were last emitted. Each submap grid is splatted into the group grid at its pose (per group cell
 * the most occupied of the submap's cells falling in it, so a thin wall survives the coarser
 * cells), and the submaps' log-odds are summed per cell, as if their scans had been inserted into
 * one grid. Versions grow by one per emitted change of a tile.
 */
public final class MergedTiles {

    /** A grid (pooled to the tiles' resolution) and its frame's pose in the group frame. */
    public record PlacedGrid(Pooled grid, Pose2 pose) {}

    /**
     * A grid max-pooled to a coarser resolution, in the same frame: cell (i, j) covers [i·r,
     * (i+1)·r) × [j·r, (j+1)·r) and holds the largest log-odds of the finer cells in it, quantized
     * to a byte ({@link #UNKNOWN} if none is known). Small enough to keep for every finished
     * submap.
     */
    public record Pooled(
            double resolution, int minX, int minY, int width, int height, byte[] cells) {
        static final byte UNKNOWN = Byte.MIN_VALUE;
        static final float STEP = 0.05f;

        public static Pooled of(ProbabilityGrid g, double resolution) {
            double r = g.resolution();
            int minX = (int) Math.floor(g.minCellX() * r / resolution);
            int minY = (int) Math.floor(g.minCellY() * r / resolution);
            int maxX = (int) Math.floor((g.minCellX() + g.width()) * r / resolution);
            int maxY = (int) Math.floor((g.minCellY() + g.height()) * r / resolution);
            int w = Math.max(0, maxX - minX + 1), h = Math.max(0, maxY - minY + 1);
            float[] max = new float[w * h];
            java.util.Arrays.fill(max, Float.NaN);
            for (int y = 0; y < g.height(); y++) {
                int cy = g.minCellY() + y;
                int py = (int) Math.floor((cy + 0.5) * r / resolution) - minY;
                for (int x = 0; x < g.width(); x++) {
                    int cx = g.minCellX() + x;
                    float l = g.logOddsAt(cx, cy);
                    if (Float.isNaN(l)) {
                        continue;
                    }
                    int i = py * w + (int) Math.floor((cx + 0.5) * r / resolution) - minX;
                    if (Float.isNaN(max[i]) || l > max[i]) {
                        max[i] = l;
                    }
                }
            }
            byte[] cells = new byte[max.length];
            for (int i = 0; i < cells.length; i++) {
                cells[i] =
                        Float.isNaN(max[i])
                                ? UNKNOWN
                                : (byte) Math.max(-127, Math.min(127, Math.round(max[i] / STEP)));
            }
            return new Pooled(resolution, minX, minY, w, h, cells);
        }

        /** Log-odds of the cell holding (x, y), NaN if unknown or outside. */
        float at(double x, double y) {
            int i = (int) Math.floor(x / resolution) - minX;
            int j = (int) Math.floor(y / resolution) - minY;
            if (i < 0 || j < 0 || i >= width || j >= height) {
                return Float.NaN;
            }
            byte b = cells[j * width + i];
            return b == UNKNOWN ? Float.NaN : b * STEP;
        }
    }

    /** The content last emitted for a tile and its version. */
    public record Emitted(long version, byte[] cells) {}

    private static final float MAX_LOG_ODDS = 10;

    private final String group;
    private final double resolution;
    private final int size;
    private final Map<String, Emitted> emitted = new TreeMap<>();

    public MergedTiles(String group, double resolution, int size) {
        if (size < 1 || size > MapTile.MAX_SIZE) {
            throw new IllegalArgumentException("tile size must be in 1.." + MapTile.MAX_SIZE);
        }
        this.group = group;
        this.resolution = resolution;
        this.size = size;
    }

    /** What was last emitted per tile key, for checkpoints. */
    public Map<String, Emitted> emitted() {
        return emitted;
    }

    /** The tiles of the grids' merged map whose content differs from what was last emitted. */
    public List<MapTile> update(List<PlacedGrid> grids, long timestampMicros) {
        Map<Long, float[]> sums = new HashMap<>();
        for (PlacedGrid g : grids) {
            splat(g, sums);
        }
        List<MapTile> out = new ArrayList<>();
        Map<String, byte[]> now = new TreeMap<>();
        for (Map.Entry<Long, float[]> e : sums.entrySet()) {
            int tx = (int) (e.getKey() >> 32), ty = (int) (long) e.getKey();
            now.put(MapTile.key(group, tx, ty), cells(e.getValue()));
        }
        // tiles that no grid reaches any more (a robot's map moved away) become unknown
        for (String key : emitted.keySet()) {
            if (!now.containsKey(key)) {
                byte[] unknown = new byte[size * size];
                Arrays.fill(unknown, MapTile.UNKNOWN);
                now.put(key, unknown);
            }
        }
        for (Map.Entry<String, byte[]> e : now.entrySet()) {
            Emitted last = emitted.get(e.getKey());
            if (last != null && Arrays.equals(last.cells(), e.getValue())) {
                continue;
            }
            long version = last == null ? 0 : last.version() + 1;
            emitted.put(e.getKey(), new Emitted(version, e.getValue()));
            String[] parts = e.getKey().substring(group.length() + 1).split("/");
            out.add(
                    new MapTile(
                            version,
                            timestampMicros,
                            group,
                            Integer.parseInt(parts[0]),
                            Integer.parseInt(parts[1]),
                            (float) resolution,
                            size,
                            e.getValue()));
        }
        return out;
    }

    /**
     * Adds a pooled grid's log-odds to the per-tile sums (NaN = unknown), sampling it at every
     * group cell its pose covers.
     */
    private void splat(PlacedGrid g, Map<Long, float[]> sums) {
        Pooled grid = g.grid();
        if (grid.width() == 0) {
            return;
        }
        Pose2 p = g.pose();
        double c = Math.cos(p.theta()), s = Math.sin(p.theta());
        double r = grid.resolution();
        // the grid's bounding box in group cells
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE, y1 = Integer.MIN_VALUE;
        for (int cx : new int[] {grid.minX(), grid.minX() + grid.width()}) {
            for (int cy : new int[] {grid.minY(), grid.minY() + grid.height()}) {
                double gx = p.x() + c * cx * r - s * cy * r;
                double gy = p.y() + s * cx * r + c * cy * r;
                x0 = Math.min(x0, (int) Math.floor(gx / resolution));
                y0 = Math.min(y0, (int) Math.floor(gy / resolution));
                x1 = Math.max(x1, (int) Math.floor(gx / resolution));
                y1 = Math.max(y1, (int) Math.floor(gy / resolution));
            }
        }
        for (int gy = y0; gy <= y1; gy++) {
            double wy = (gy + 0.5) * resolution - p.y();
            for (int gx = x0; gx <= x1; gx++) {
                double wx = (gx + 0.5) * resolution - p.x();
                // the group cell's centre in the grid's frame
                float l = grid.at(c * wx + s * wy, -s * wx + c * wy);
                if (Float.isNaN(l)) {
                    continue;
                }
                int tx = Math.floorDiv(gx, size), ty = Math.floorDiv(gy, size);
                float[] tile =
                        sums.computeIfAbsent(
                                ((long) tx << 32) | (ty & 0xffffffffL),
                                k -> {
                                    float[] t = new float[size * size];
                                    Arrays.fill(t, Float.NaN);
                                    return t;
                                });
                int i = (gy - ty * size) * size + gx - tx * size;
                tile[i] = Float.isNaN(tile[i]) ? l : tile[i] + l;
            }
        }
    }

    private byte[] cells(float[] logOdds) {
        byte[] out = new byte[logOdds.length];
        for (int i = 0; i < out.length; i++) {
            float l = logOdds[i];
            if (Float.isNaN(l)) {
                out[i] = MapTile.UNKNOWN;
            } else {
                double clamped = Math.max(-MAX_LOG_ODDS, Math.min(MAX_LOG_ODDS, l));
                out[i] = (byte) Math.round(100 / (1 + Math.exp(-clamped)));
            }
        }
        return out;
    }

    /** Restores what was last emitted (after a restart), so versions keep growing. */
    public void restore(Map<String, Emitted> last) {
        emitted.clear();
        emitted.putAll(last);
    }
}
