package io.edgeflow.slam.mapping2d;

import io.edgeflow.protocol.Pose2;

/**
 * A local occupancy grid built from a fixed number of consecutive scans. Its grid is axis-aligned
 * with the local SLAM frame; {@code localPose} (a translation, heading 0) is where it was started.
 * Once finished it is frozen: inserting into it throws.
 */
public final class Submap {
    private final int index;
    private final Pose2 localPose;
    private final ProbabilityGrid grid;
    private int numRangeData;
    private boolean finished;

    public Submap(
            int index, Pose2 localPose, ProbabilityGrid grid, int numRangeData, boolean finished) {
        this.index = index;
        this.localPose = localPose;
        this.grid = grid;
        this.numRangeData = numRangeData;
        this.finished = finished;
    }

    public int index() {
        return index;
    }

    public Pose2 localPose() {
        return localPose;
    }

    public ProbabilityGrid grid() {
        return grid;
    }

    public int numRangeData() {
        return numRangeData;
    }

    public boolean finished() {
        return finished;
    }

    /** Inserts range data given in the local frame. */
    public void insert(RangeData localRangeData, RangeDataInserter inserter) {
        if (finished) {
            throw new IllegalStateException("submap " + index + " is finished");
        }
        inserter.insert(grid, localRangeData);
        numRangeData++;
    }

    public void finish() {
        finished = true;
    }

    public SubmapState state() {
        return new SubmapState(
                index, localPose, numRangeData, finished, grid.resolution(), grid.tiles());
    }

    public static Submap fromState(SubmapState s) {
        return new Submap(
                s.index(),
                s.localPose(),
                ProbabilityGrid.fromTiles(s.resolution(), s.tiles()),
                s.numRangeData(),
                s.finished());
    }
}
