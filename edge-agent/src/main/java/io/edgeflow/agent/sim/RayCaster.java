package io.edgeflow.agent.sim;

/**
 * Casts laser beams through an occupancy map: the distance from a point to the first occupied cell
 * along a direction, walking the grid cell by cell (Amanatides and Woo's traversal, so no cell a
 * beam crosses is skipped however thin the wall).
 */
public final class RayCaster {
    private final OccupancyMap map;

    public RayCaster(OccupancyMap map) {
        this.map = map;
    }

    /**
     * Distance in metres from (x, y) along {@code angle} to the boundary of the first occupied
     * cell, or +∞ if there is none within {@code maxRange}. A point inside an occupied cell gives
     * 0.
     */
    public double cast(double x, double y, double angle, double maxRange) {
        double r = map.resolution();
        double gx = (x - map.originX()) / r;
        double gy = (y - map.originY()) / r;
        int i = (int) Math.floor(gx);
        int j = (int) Math.floor(gy);
        if (map.occupied(i, j)) {
            return 0;
        }
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        int stepX = dx > 0 ? 1 : -1;
        int stepY = dy > 0 ? 1 : -1;
        // ray parameter t in cells: at which t the beam crosses the next vertical / horizontal line
        double tDeltaX = dx == 0 ? Double.POSITIVE_INFINITY : 1 / Math.abs(dx);
        double tDeltaY = dy == 0 ? Double.POSITIVE_INFINITY : 1 / Math.abs(dy);
        double tMaxX =
                dx == 0 ? Double.POSITIVE_INFINITY : (stepX > 0 ? i + 1 - gx : gx - i) * tDeltaX;
        double tMaxY =
                dy == 0 ? Double.POSITIVE_INFINITY : (stepY > 0 ? j + 1 - gy : gy - j) * tDeltaY;
        double maxT = maxRange / r;
        int w = map.width();
        int h = map.height();
        while (true) {
            double t;
            if (tMaxX < tMaxY) {
                t = tMaxX;
                tMaxX += tDeltaX;
                i += stepX;
            } else {
                t = tMaxY;
                tMaxY += tDeltaY;
                j += stepY;
            }
            if (t > maxT) {
                return Double.POSITIVE_INFINITY;
            }
            if (map.occupied(i, j)) {
                return t * r;
            }
            // outside the map and moving away from it: nothing left to hit
            if ((i < 0 && stepX < 0)
                    || (i >= w && stepX > 0)
                    || (j < 0 && stepY < 0)
                    || (j >= h && stepY > 0)) {
                return Double.POSITIVE_INFINITY;
            }
        }
    }
}
