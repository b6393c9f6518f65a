package io.edgeflow.agent.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RayCasterTest {
    private static final double RES = 0.05;

    /** Where a ray from (x, y) leaves the box [0, w] × [0, h]: the exact range to its walls. */
    private static double boxRange(double x, double y, double a, double w, double h) {
        double dx = Math.cos(a);
        double dy = Math.sin(a);
        double tx = dx > 1e-12 ? (w - x) / dx : dx < -1e-12 ? -x / dx : Double.POSITIVE_INFINITY;
        double ty = dy > 1e-12 ? (h - y) / dy : dy < -1e-12 ? -y / dy : Double.POSITIVE_INFINITY;
        return Math.min(tx, ty);
    }

    @Test
    void everyBeamInABoxRoomEndsOnItsWalls() {
        OccupancyMap room = Rooms.box(8, 5, RES);
        RayCaster caster = new RayCaster(room);
        double x = 3.02;
        double y = 1.97;
        for (int b = 0; b < 360; b++) {
            double a = Math.toRadians(b) + 0.001;
            double expected = boxRange(x, y, a, 8, 5);
            double got = caster.cast(x, y, a, 30);
            // the walls are whole cells: their faces sit exactly on the box's sides
            assertEquals(expected, got, 1e-9, "beam at " + b + "°");
        }
    }

    @Test
    void beamsBeyondMaxRangeOrIntoNothingGiveNoReturn() {
        OccupancyMap room = Rooms.box(8, 5, RES);
        RayCaster caster = new RayCaster(room);
        assertEquals(Double.POSITIVE_INFINITY, caster.cast(1, 2.5, 0, 6.5));
        assertEquals(7.0, caster.cast(1, 2.5, 0, 7.5), 1e-9);
        byte[] free = new byte[100 * 100];
        RayCaster open = new RayCaster(new OccupancyMap(100, 100, RES, 0, 0, free));
        assertEquals(Double.POSITIVE_INFINITY, open.cast(2.5, 2.5, 0.7, 30));
    }

    @Test
    void aBeamGrazingADiagonalWallOfSingleCellsIsStopped() {
        // a staircase of single occupied cells touching only at corners
        int n = 60;
        byte[] cells = new byte[n * n];
        for (int k = 0; k < n; k++) {
            cells[k * n + (n - 1 - k)] = 100;
        }
        RayCaster caster = new RayCaster(new OccupancyMap(n, n, RES, 0, 0, cells));
        for (double a = 0.05; a < Math.PI / 2; a += 0.05) {
            double d = caster.cast(0.3, 0.3, a, 30);
            assertTrue(Double.isFinite(d), "beam at " + a + " rad crossed the staircase");
            double hx = 0.3 + d * Math.cos(a);
            double hy = 0.3 + d * Math.sin(a);
            // the hit lies on the staircase: i + j = n - 1 for the cell entered
            assertTrue(hx + hy > (n - 1) * RES - 1e-9 && hx + hy <= (n + 1) * RES + 1e-9);
        }
    }

    @Test
    void laserNoiseIsUnbiasedAndGrowsWithRange() {
        OccupancyMap room = Rooms.box(20, 20, RES);
        RayCaster caster = new RayCaster(room);
        LaserModel laser = LaserModel.sickLms(180);
        SplittableRandom random = new SplittableRandom(7);
        double[] sum = new double[2];
        double[] sq = new double[2];
        int[] count = new int[2];
        for (int s = 0; s < 200; s++) {
            float[] r = laser.scan(caster, 5, 4, 0, random);
            for (int b = 0; b < r.length; b++) {
                double a = laser.angleMin() + b * laser.angleIncrement();
                double truth = boxRange(5, 4, a, 20, 20);
                int bucket = truth < 10 ? 0 : 1;
                double e = r[b] - truth;
                sum[bucket] += e;
                sq[bucket] += e * e;
                count[bucket]++;
            }
        }
        double nearSd = Math.sqrt(sq[0] / count[0]);
        double farSd = Math.sqrt(sq[1] / count[1]);
        assertEquals(0, sum[0] / count[0], 0.002);
        assertEquals(0, sum[1] / count[1], 0.004);
        assertTrue(nearSd > 0.01 && nearSd < 0.06, "near σ " + nearSd);
        assertTrue(farSd > nearSd, "far σ " + farSd + " ≤ near σ " + nearSd);
    }
}
