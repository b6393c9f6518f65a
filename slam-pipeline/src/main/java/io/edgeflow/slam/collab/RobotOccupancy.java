package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import io.edgeflow.slam.mapping2d.Submap;
import java.util.Map;

/**
 * A robot's whole map so far, coarsely: its finished submaps fused at their poses in the robot's
 * frame into one grid of free, occupied and unknown cells. Used to ask whether two robots' maps
 * agree under a proposed alignment ({@link #conflictRatio}) — the check that separates a true merge
 * from a symmetric twin: ACES' corridors match themselves half a building away, but the rooms and
 * doors beside them do not.
 */
public final class RobotOccupancy {
    private static final byte UNKNOWN = 0, FREE = 1, OCCUPIED = 2;
    private static final float FREE_BELOW = 0.4f;
    // walls this many cells off still agree: small alignment and map errors are not conflicts
    private static final int WALL_TOLERANCE_CELLS = 2;

    private final double resolution;
    private final int minX, minY, width, height;
    private final byte[] cells;

    private RobotOccupancy(double resolution, int minX, int minY, int width, int height) {
        this.resolution = resolution;
        this.minX = minX;
        this.minY = minY;
        this.width = width;
        this.height = height;
        this.cells = new byte[Math.max(0, width * height)];
    }

    /**
     * @param submaps finished submaps by index
     * @param globalPoses their poses in the robot's frame
     */
    public static RobotOccupancy of(
            Map<Integer, Submap> submaps, Map<Integer, Pose2> globalPoses, double resolution) {
        double x0 = Double.POSITIVE_INFINITY, y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (var e : submaps.entrySet()) {
            ProbabilityGrid g = e.getValue().grid();
            Pose2 t = toRobot(e.getValue(), globalPoses.get(e.getKey()));
            double r = g.resolution();
            for (int cx : new int[] {g.minCellX(), g.minCellX() + g.width()}) {
                for (int cy : new int[] {g.minCellY(), g.minCellY() + g.height()}) {
                    Pose2 p = t.compose(new Pose2(cx * r, cy * r, 0));
                    x0 = Math.min(x0, p.x());
                    y0 = Math.min(y0, p.y());
                    x1 = Math.max(x1, p.x());
                    y1 = Math.max(y1, p.y());
                }
            }
        }
        if (!Double.isFinite(x0)) {
            return new RobotOccupancy(resolution, 0, 0, 0, 0);
        }
        int minX = (int) Math.floor(x0 / resolution), minY = (int) Math.floor(y0 / resolution);
        RobotOccupancy o =
                new RobotOccupancy(
                        resolution,
                        minX,
                        minY,
                        (int) Math.ceil(x1 / resolution) - minX + 1,
                        (int) Math.ceil(y1 / resolution) - minY + 1);
        for (var e : submaps.entrySet()) {
            ProbabilityGrid g = e.getValue().grid();
            Pose2 t = toRobot(e.getValue(), globalPoses.get(e.getKey()));
            double c = Math.cos(t.theta()), s = Math.sin(t.theta()), r = g.resolution();
            float[] p = g.probabilityArray();
            for (int y = 0; y < g.height(); y++) {
                double ly = (g.minCellY() + y + 0.5) * r;
                for (int x = 0; x < g.width(); x++) {
                    float v = p[y * g.width() + x];
                    boolean occupied = v >= PlaceDescriptor.OCCUPIED;
                    if (!occupied
                            && !(v < FREE_BELOW && g.isKnown(g.minCellX() + x, g.minCellY() + y))) {
                        continue;
                    }
                    double lx = (g.minCellX() + x + 0.5) * r;
                    int i = o.index(t.x() + c * lx - s * ly, t.y() + s * lx + c * ly);
                    if (i >= 0 && o.cells[i] != OCCUPIED) {
                        o.cells[i] = occupied ? OCCUPIED : FREE;
                    }
                }
            }
        }
        return o;
    }

    /**
     * Of this map's occupied cells that land, through {@code thisInOther} (this robot's frame in
     * the other's), on cells the other robot knows, the fraction that land on free space with no
     * wall in the neighbouring cells; and how many landed on known cells at all.
     */
    public Agreement conflictRatio(RobotOccupancy other, Pose2 thisInOther) {
        double c = Math.cos(thisInOther.theta()), s = Math.sin(thisInOther.theta());
        int agree = 0, conflict = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (cells[y * width + x] != OCCUPIED) {
                    continue;
                }
                double lx = (minX + x + 0.5) * resolution, ly = (minY + y + 0.5) * resolution;
                double gx = thisInOther.x() + c * lx - s * ly;
                double gy = thisInOther.y() + s * lx + c * ly;
                byte v = other.near(gx, gy);
                if (v == OCCUPIED) {
                    agree++;
                } else if (v == FREE) {
                    conflict++;
                }
            }
        }
        return new Agreement(agree, conflict);
    }

    /** Occupied cells of one map that fell on the other's walls and on its free space. */
    public record Agreement(int agree, int conflict) {
        public int known() {
            return agree + conflict;
        }

        public double conflictRatio() {
            return known() == 0 ? 0 : conflict / (double) known();
        }
    }

    /**
     * OCCUPIED if any cell within {@link #WALL_TOLERANCE_CELLS} of (x, y) is, else FREE if that
     * cell is, else UNKNOWN.
     */
    private byte near(double x, double y) {
        int cx = (int) Math.floor(x / resolution) - minX,
                cy = (int) Math.floor(y / resolution) - minY;
        byte centre = UNKNOWN;
        int t = WALL_TOLERANCE_CELLS;
        for (int dy = -t; dy <= t; dy++) {
            for (int dx = -t; dx <= t; dx++) {
                int px = cx + dx, py = cy + dy;
                if (px < 0 || py < 0 || px >= width || py >= height) {
                    continue;
                }
                byte v = cells[py * width + px];
                if (v == OCCUPIED) {
                    return OCCUPIED;
                }
                if (dx == 0 && dy == 0) {
                    centre = v;
                }
            }
        }
        return centre;
    }

    private int index(double x, double y) {
        int cx = (int) Math.floor(x / resolution) - minX,
                cy = (int) Math.floor(y / resolution) - minY;
        return cx < 0 || cy < 0 || cx >= width || cy >= height ? -1 : cy * width + cx;
    }

    // A submap's grid frame is the local frame; its pose in the robot frame = toRobot ⊕ localPose.
    private static Pose2 toRobot(Submap s, Pose2 global) {
        return global.compose(s.localPose().between(Pose2.ORIGIN));
    }
}
