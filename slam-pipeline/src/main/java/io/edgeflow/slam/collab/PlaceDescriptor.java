package io.edgeflow.slam.collab;

import io.edgeflow.slam.mapping2d.ProbabilityGrid;

/**
 * What a place looks like regardless of the heading it is seen from: a Scan Context (Kim and Kim,
 * IROS 2018) of an occupancy grid's occupied cells around a centre — a polar grid of {@code rings ×
 * sectors} bins, each 1 where a wall falls in it — and its ring key, the fraction of occupied
 * sectors per ring. Rotating the grid about the centre shifts the sectors cyclically and leaves the
 * ring key unchanged, so the ring key ranks candidates cheaply and the sector-shifted comparison
 * ({@link #distance}) scores the few best. Built from a submap rather than one scan: a 180° laser
 * sees a different half of a place from each direction, a submap of many scans sees all of it.
 */
public record PlaceDescriptor(int rings, int sectors, double radius, byte[] bins, float[] ringKey) {

    /** Grid cells at or above this probability are walls. */
    static final float OCCUPIED = 0.6f;

    public PlaceDescriptor {
        if (bins.length != rings * sectors || ringKey.length != rings) {
            throw new IllegalArgumentException("bins and ring key do not match rings × sectors");
        }
    }

    /**
     * The descriptor of the occupied cells of {@code grid} within {@code radius} of (cx, cy) in the
     * grid's frame.
     */
    public static PlaceDescriptor of(
            ProbabilityGrid grid, double cx, double cy, int rings, int sectors, double radius) {
        byte[] bins = new byte[rings * sectors];
        double res = grid.resolution();
        int x0 = Math.max(grid.cellX(cx - radius), grid.minCellX());
        int x1 = Math.min(grid.cellX(cx + radius), grid.minCellX() + grid.width() - 1);
        int y0 = Math.max(grid.cellY(cy - radius), grid.minCellY());
        int y1 = Math.min(grid.cellY(cy + radius), grid.minCellY() + grid.height() - 1);
        float[] p = grid.probabilityArray();
        for (int y = y0; y <= y1; y++) {
            int row = (y - grid.minCellY()) * grid.width();
            double dy = (y + 0.5) * res - cy;
            for (int x = x0; x <= x1; x++) {
                if (p[row + x - grid.minCellX()] < OCCUPIED) {
                    continue;
                }
                double dx = (x + 0.5) * res - cx;
                double r = Math.hypot(dx, dy);
                if (r >= radius) {
                    continue;
                }
                int ring = (int) (r / radius * rings);
                int sector = (int) ((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI) * sectors);
                bins[ring * sectors + Math.min(sector, sectors - 1)] = 1;
            }
        }
        float[] key = new float[rings];
        for (int ring = 0; ring < rings; ring++) {
            int n = 0;
            for (int s = 0; s < sectors; s++) {
                n += bins[ring * sectors + s];
            }
            key[ring] = n / (float) sectors;
        }
        return new PlaceDescriptor(rings, sectors, radius, bins, key);
    }

    /** Fraction of bins holding a wall: a near-empty descriptor tells places apart poorly. */
    public double fill() {
        int n = 0;
        for (byte b : bins) {
            n += b;
        }
        return n / (double) bins.length;
    }

    /** Euclidean distance of the ring keys: rotation invariant, a cheap first ranking. */
    public double ringKeyDistance(PlaceDescriptor o) {
        double d = 0;
        for (int i = 0; i < rings; i++) {
            double e = ringKey[i] - o.ringKey[i];
            d += e * e;
        }
        return Math.sqrt(d);
    }

    /**
     * Scan Context distance: over every cyclic sector shift of {@code o}, the mean over sectors
     * that hold a wall in either descriptor of 1 − cos(angle between their ring columns); the
     * smallest, with the shift. 0 for identical places at any heading, up to 1.
     */
    public Match distance(PlaceDescriptor o) {
        if (o.rings != rings || o.sectors != sectors) {
            throw new IllegalArgumentException("descriptors of different shapes");
        }
        int[] count = columnCounts(bins);
        int[] otherCount = columnCounts(o.bins);
        double best = Double.POSITIVE_INFINITY;
        int bestShift = 0;
        for (int shift = 0; shift < sectors; shift++) {
            double sum = 0;
            int columns = 0;
            for (int s = 0; s < sectors; s++) {
                int t = (s + shift) % sectors;
                if (count[s] == 0 && otherCount[t] == 0) {
                    continue;
                }
                columns++;
                if (count[s] == 0 || otherCount[t] == 0) {
                    sum += 1;
                    continue;
                }
                int dot = 0;
                for (int ring = 0; ring < rings; ring++) {
                    dot += bins[ring * sectors + s] & o.bins[ring * sectors + t];
                }
                sum += 1 - dot / Math.sqrt((double) count[s] * otherCount[t]);
            }
            double d = columns == 0 ? 1 : sum / columns;
            if (d < best) {
                best = d;
                bestShift = shift;
            }
        }
        return new Match(best, bestShift * 2 * Math.PI / sectors);
    }

    /**
     * @param distance Scan Context distance, 0..1
     * @param rotation how far {@code o}'s frame is turned against this one's, rad (sector
     *     resolution)
     */
    public record Match(double distance, double rotation) {}

    private int[] columnCounts(byte[] b) {
        int[] c = new int[sectors];
        for (int ring = 0; ring < rings; ring++) {
            for (int s = 0; s < sectors; s++) {
                c[s] += b[ring * sectors + s];
            }
        }
        return c;
    }
}
