package io.edgeflow.agent.sim;

/**
 * A 2D occupancy grid in a world frame: cell (i, j) — column i, row j, row 0 at the lowest y —
 * covers [originX + i·r, originX + (i+1)·r) × [originY + j·r, originY + (j+1)·r) and holds {@code
 * cells[j·width + i]}: 0..100 occupancy in percent or −1 unknown (ROS OccupancyGrid's and the
 * MAP_TILE frame's convention).
 */
public record OccupancyMap(
        int width, int height, double resolution, double originX, double originY, byte[] cells) {

    public static final byte UNKNOWN = -1;

    /** At or above this a cell reflects a laser beam and blocks a robot (ROS's 0.65). */
    public static final int OCCUPIED_PERCENT = 65;

    /** Below this a cell is free space a robot may drive through (ROS's 0.196). */
    public static final int FREE_PERCENT = 20;

    public OccupancyMap {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("map must have at least one cell");
        }
        if (!(resolution > 0) || !Double.isFinite(resolution)) {
            throw new IllegalArgumentException("resolution must be finite and > 0");
        }
        if (cells.length != width * height) {
            throw new IllegalArgumentException(
                    "cells must hold width·height = " + width * height + " values");
        }
    }

    public int cell(int i, int j) {
        return cells[j * width + i];
    }

    public boolean contains(int i, int j) {
        return i >= 0 && j >= 0 && i < width && j < height;
    }

    /** Occupied cells reflect beams; cells outside the map reflect nothing. */
    public boolean occupied(int i, int j) {
        return contains(i, j) && cell(i, j) >= OCCUPIED_PERCENT;
    }

    /** Observed free space; unknown and outside cells are not free. */
    public boolean free(int i, int j) {
        if (!contains(i, j)) {
            return false;
        }
        int v = cell(i, j);
        return v >= 0 && v < FREE_PERCENT;
    }

    public int cellX(double x) {
        return (int) Math.floor((x - originX) / resolution);
    }

    public int cellY(double y) {
        return (int) Math.floor((y - originY) / resolution);
    }

    public double centerX(int i) {
        return originX + (i + 0.5) * resolution;
    }

    public double centerY(int j) {
        return originY + (j + 0.5) * resolution;
    }

    public double widthMetres() {
        return width * resolution;
    }

    public double heightMetres() {
        return height * resolution;
    }
}
