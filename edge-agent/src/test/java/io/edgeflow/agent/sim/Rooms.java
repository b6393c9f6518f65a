package io.edgeflow.agent.sim;

/** Small hand-made maps for the simulator's tests. */
final class Rooms {
    private Rooms() {}

    /**
     * A free room of {@code w}×{@code h} metres inside one-cell walls, with unknown space around
     * it: the walls' inner faces are at x = 0, x = w, y = 0 and y = h.
     */
    static OccupancyMap box(double w, double h, double resolution) {
        int margin = 3;
        int cw = (int) Math.round(w / resolution);
        int ch = (int) Math.round(h / resolution);
        int width = cw + 2 * margin;
        int height = ch + 2 * margin;
        byte[] cells = new byte[width * height];
        java.util.Arrays.fill(cells, OccupancyMap.UNKNOWN);
        for (int j = margin - 1; j <= margin + ch; j++) {
            for (int i = margin - 1; i <= margin + cw; i++) {
                boolean wall =
                        i == margin - 1 || j == margin - 1 || i == margin + cw || j == margin + ch;
                cells[j * width + i] = (byte) (wall ? 100 : 0);
            }
        }
        return new OccupancyMap(
                width, height, resolution, -margin * resolution, -margin * resolution, cells);
    }

    /** {@link #box} with the cells of [x0, x1) × [y0, y1) occupied. */
    static OccupancyMap withBlock(OccupancyMap m, double x0, double y0, double x1, double y1) {
        byte[] cells = m.cells().clone();
        for (int j = m.cellY(y0); j < m.cellY(y1); j++) {
            for (int i = m.cellX(x0); i < m.cellX(x1); i++) {
                cells[j * m.width() + i] = 100;
            }
        }
        return new OccupancyMap(
                m.width(), m.height(), m.resolution(), m.originX(), m.originY(), cells);
    }
}
