package io.edgeflow.slam.mapping2d;

/**
 * Inserts range data (already in the grid's frame) into a probability grid: each hit cell gets the
 * hit update, each cell a ray passes through before its end gets the miss update, every cell at
 * most once per scan and hits first, so a wall cell is never cleared by a neighbouring ray in the
 * same scan.
 */
public final class RangeDataInserter {
    private final float hitLogOdds;
    private final float missLogOdds;

    public RangeDataInserter(double hitProbability, double missProbability) {
        if (!(hitProbability > 0.5
                && hitProbability < 1
                && missProbability < 0.5
                && missProbability > 0)) {
            throw new IllegalArgumentException("need 0.5 < hit < 1 and 0 < miss < 0.5");
        }
        this.hitLogOdds = ProbabilityGrid.logOdds(hitProbability);
        this.missLogOdds = ProbabilityGrid.logOdds(missProbability);
    }

    public void insert(ProbabilityGrid grid, RangeData data) {
        double r = grid.resolution();
        double ox = data.origin().x();
        double oy = data.origin().y();
        int cx0 = grid.cellX(ox);
        int cy0 = grid.cellY(oy);
        int cx1 = cx0;
        int cy1 = cy0;
        for (PointSet ps : new PointSet[] {data.hits(), data.misses()}) {
            for (int i = 0; i < ps.size(); i++) {
                int cx = grid.cellX(ps.xs()[i]);
                int cy = grid.cellY(ps.ys()[i]);
                cx0 = Math.min(cx0, cx);
                cy0 = Math.min(cy0, cy);
                cx1 = Math.max(cx1, cx);
                cy1 = Math.max(cy1, cy);
            }
        }
        grid.ensureCells(cx0, cy0, cx1, cy1);
        grid.beginUpdate();
        PointSet hits = data.hits();
        for (int i = 0; i < hits.size(); i++) {
            grid.update(grid.cellX(hits.xs()[i]), grid.cellY(hits.ys()[i]), hitLogOdds);
        }
        for (int i = 0; i < hits.size(); i++) {
            castMisses(grid, ox / r, oy / r, hits.xs()[i] / r, hits.ys()[i] / r, false);
        }
        PointSet misses = data.misses();
        for (int i = 0; i < misses.size(); i++) {
            castMisses(grid, ox / r, oy / r, misses.xs()[i] / r, misses.ys()[i] / r, true);
        }
    }

    // Amanatides–Woo traversal in cell units from (x0, y0) to (x1, y1); the end cell is included
    // only for misses.
    private void castMisses(
            ProbabilityGrid grid, double x0, double y0, double x1, double y1, boolean includeEnd) {
        int cx = (int) Math.floor(x0);
        int cy = (int) Math.floor(y0);
        int ex = (int) Math.floor(x1);
        int ey = (int) Math.floor(y1);
        double dx = x1 - x0;
        double dy = y1 - y0;
        int stepX = dx > 0 ? 1 : -1;
        int stepY = dy > 0 ? 1 : -1;
        double tDeltaX = dx == 0 ? Double.POSITIVE_INFINITY : Math.abs(1 / dx);
        double tDeltaY = dy == 0 ? Double.POSITIVE_INFINITY : Math.abs(1 / dy);
        double tMaxX =
                dx == 0 ? Double.POSITIVE_INFINITY : (dx > 0 ? (cx + 1 - x0) : (x0 - cx)) * tDeltaX;
        double tMaxY =
                dy == 0 ? Double.POSITIVE_INFINITY : (dy > 0 ? (cy + 1 - y0) : (y0 - cy)) * tDeltaY;
        int guard = Math.abs(ex - cx) + Math.abs(ey - cy) + 2;
        while ((cx != ex || cy != ey) && guard-- > 0) {
            grid.update(cx, cy, missLogOdds);
            if (tMaxX < tMaxY) {
                tMaxX += tDeltaX;
                cx += stepX;
            } else {
                tMaxY += tDeltaY;
                cy += stepY;
            }
        }
        if (includeEnd) {
            grid.update(ex, ey, missLogOdds);
        }
    }
}
