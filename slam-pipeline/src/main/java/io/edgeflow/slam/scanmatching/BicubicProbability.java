package io.edgeflow.slam.scanmatching;

import io.edgeflow.slam.mapping2d.ProbabilityGrid;

/**
 * Smooth occupancy probability at any point of a grid: Catmull–Rom bicubic interpolation of the
 * cell-centre values, with its gradient, so that Gauss–Newton sees a C¹ cost surface and can move a
 * pose by a fraction of a cell.
 */
public final class BicubicProbability {
    private BicubicProbability() {}

    /** Writes value, ∂/∂x and ∂/∂y (per metre) at (x, y) into {@code out[0..2]}. */
    public static void evaluate(ProbabilityGrid grid, double x, double y, double[] out) {
        double res = grid.resolution();
        // Cell centres sit at integer coordinates of u, v.
        double u = x / res - 0.5;
        double v = y / res - 0.5;
        int cu = (int) Math.floor(u);
        int cv = (int) Math.floor(v);
        double tu = u - cu;
        double tv = v - cv;
        int ix = cu - 1 - grid.minCellX();
        int iy = cv - 1 - grid.minCellY();
        int w = grid.width();
        double[] rowValue = new double[4];
        double[] rowDerivative = new double[4];
        if (ix >= 0 && iy >= 0 && ix + 3 < w && iy + 3 < grid.height()) {
            // Inside the grid (the usual case): read the 4×4 neighbourhood straight from the array.
            float[] prob = grid.probabilityArray();
            for (int j = 0; j < 4; j++) {
                int row = (iy + j) * w + ix;
                double p0 = prob[row];
                double p1 = prob[row + 1];
                double p2 = prob[row + 2];
                double p3 = prob[row + 3];
                rowValue[j] = catmullRom(p0, p1, p2, p3, tu);
                rowDerivative[j] = catmullRomDerivative(p0, p1, p2, p3, tu);
            }
        } else {
            for (int j = 0; j < 4; j++) {
                int cy = cv - 1 + j;
                double p0 = grid.probability(cu - 1, cy);
                double p1 = grid.probability(cu, cy);
                double p2 = grid.probability(cu + 1, cy);
                double p3 = grid.probability(cu + 2, cy);
                rowValue[j] = catmullRom(p0, p1, p2, p3, tu);
                rowDerivative[j] = catmullRomDerivative(p0, p1, p2, p3, tu);
            }
        }
        out[0] = catmullRom(rowValue[0], rowValue[1], rowValue[2], rowValue[3], tv);
        out[1] =
                catmullRom(
                                rowDerivative[0],
                                rowDerivative[1],
                                rowDerivative[2],
                                rowDerivative[3],
                                tv)
                        / res;
        out[2] = catmullRomDerivative(rowValue[0], rowValue[1], rowValue[2], rowValue[3], tv) / res;
    }

    static double catmullRom(double p0, double p1, double p2, double p3, double t) {
        return p1
                + 0.5 * t * (p2 - p0)
                + t * t * (p0 - 2.5 * p1 + 2 * p2 - 0.5 * p3)
                + t * t * t * (1.5 * (p1 - p2) + 0.5 * (p3 - p0));
    }

    static double catmullRomDerivative(double p0, double p1, double p2, double p3, double t) {
        return 0.5 * (p2 - p0)
                + 2 * t * (p0 - 2.5 * p1 + 2 * p2 - 0.5 * p3)
                + 3 * t * t * (1.5 * (p1 - p2) + 0.5 * (p3 - p0));
    }
}
