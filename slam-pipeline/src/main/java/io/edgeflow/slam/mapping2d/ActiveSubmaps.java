package io.edgeflow.slam.mapping2d;

import io.edgeflow.protocol.Pose2;
import java.util.ArrayList;
import java.util.List;

/**
 * The two submaps that scans are inserted into, overlapping by half (Cartographer's scheme): a new
 * submap starts every {@code scansPerSubmap} insertions, and the older one is finished once it
 * holds twice that many, so the submap scans are matched against (the older) is always well filled.
 */
public final class ActiveSubmaps {
    private final int scansPerSubmap;
    private final double resolution;
    private final RangeDataInserter inserter;
    private final List<Submap> submaps = new ArrayList<>(2);
    private int nextIndex;

    public ActiveSubmaps(int scansPerSubmap, double resolution, RangeDataInserter inserter) {
        if (scansPerSubmap < 1) {
            throw new IllegalArgumentException("scansPerSubmap must be >= 1");
        }
        this.scansPerSubmap = scansPerSubmap;
        this.resolution = resolution;
        this.inserter = inserter;
    }

    /** What one insertion did. */
    public record Insertion(List<Submap> insertedInto, Submap finished) {}

    /** The submap new scans are matched against, or null before the first insertion. */
    public Submap matchingSubmap() {
        return submaps.isEmpty() ? null : submaps.get(0);
    }

    public List<Submap> submaps() {
        return List.copyOf(submaps);
    }

    public int nextIndex() {
        return nextIndex;
    }

    /**
     * Inserts range data in the local frame taken at local pose {@code pose}; starts submaps at the
     * pose's position when due.
     */
    public Insertion insert(RangeData localRangeData, Pose2 pose) {
        if (submaps.isEmpty() || submaps.get(submaps.size() - 1).numRangeData() == scansPerSubmap) {
            if (submaps.size() == 2) {
                submaps.remove(0);
            }
            submaps.add(
                    new Submap(
                            nextIndex++,
                            new Pose2(pose.x(), pose.y(), 0),
                            new ProbabilityGrid(resolution),
                            0,
                            false));
        }
        List<Submap> into = List.copyOf(submaps);
        for (Submap s : into) {
            s.insert(localRangeData, inserter);
        }
        Submap finished = null;
        Submap front = submaps.get(0);
        if (front.numRangeData() == 2 * scansPerSubmap) {
            front.finish();
            finished = front;
        }
        return new Insertion(into, finished);
    }

    /** Restores the active submaps (oldest first) from checkpointed state. */
    public void restore(List<SubmapState> states, int nextIndex) {
        submaps.clear();
        for (SubmapState s : states) {
            submaps.add(Submap.fromState(s));
        }
        this.nextIndex = nextIndex;
    }
}
