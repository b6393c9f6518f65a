package io.edgeflow.agent.sim;

/**
 * Each cell's distance in metres to the nearest cell a robot may not enter (occupied, unknown or
 * outside the map): a two-pass chamfer distance transform with steps 1 and √2, within 8 % of the
 * Euclidean distance — enough to keep a robot's body clear of walls.
 */
public final class Clearance {
    private final OccupancyMap map;
    private final float[] metres;

    public Clearance(OccupancyMap map) {
        this.map = map;
        int w = map.width();
        int h = map.height();
        float[] d = new float[w * h];
        float big = w + h;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                // the map's border counts as blocked, so paths never leave the map
                boolean border = i == 0 || j == 0 || i == w - 1 || j == h - 1;
                d[j * w + i] = map.free(i, j) && !border ? big : 0;
            }
        }
        float diag = (float) Math.sqrt(2);
        for (int j = 1; j < h; j++) {
            for (int i = 1; i < w - 1; i++) {
                int k = j * w + i;
                float v = d[k];
                v = Math.min(v, d[k - 1] + 1);
                v = Math.min(v, d[k - w] + 1);
                v = Math.min(v, d[k - w - 1] + diag);
                v = Math.min(v, d[k - w + 1] + diag);
                d[k] = v;
            }
        }
        for (int j = h - 2; j >= 0; j--) {
            for (int i = w - 2; i >= 1; i--) {
                int k = j * w + i;
                float v = d[k];
                v = Math.min(v, d[k + 1] + 1);
                v = Math.min(v, d[k + w] + 1);
                v = Math.min(v, d[k + w + 1] + diag);
                v = Math.min(v, d[k + w - 1] + diag);
                d[k] = v;
            }
        }
        float r = (float) map.resolution();
        for (int k = 0; k < d.length; k++) {
            d[k] *= r;
        }
        this.metres = d;
    }

    public OccupancyMap map() {
        return map;
    }

    /** Clearance of cell (i, j) in metres; 0 outside the map. */
    public double at(int i, int j) {
        return map.contains(i, j) ? metres[j * map.width() + i] : 0;
    }

    public double atPoint(double x, double y) {
        return at(map.cellX(x), map.cellY(y));
    }
}
