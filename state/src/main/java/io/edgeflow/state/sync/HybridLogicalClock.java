package io.edgeflow.state.sync;

/**
 * One node's hybrid logical clock. Its readings never go backwards, exceed every stamp the node has
 * received (so an update made after seeing another is stamped after it, whatever the wall clocks
 * say), and stay close to the wall clock. The wall clock is passed in, never read, so the clock is
 * testable with explicit times.
 */
public final class HybridLogicalClock {

    private final String nodeId;
    private long physical;
    private int logical;

    public HybridLogicalClock(String nodeId) {
        this.nodeId = nodeId;
    }

    /** A stamp for a local event (a write or a send). */
    public HlcTimestamp now(long wallMillis) {
        if (wallMillis > physical) {
            physical = wallMillis;
            logical = 0;
        } else {
            logical++;
        }
        return new HlcTimestamp(physical, logical, nodeId);
    }

    /** Advances past a received stamp; returns the stamp of the receive event. */
    public HlcTimestamp receive(HlcTimestamp remote, long wallMillis) {
        long max = Math.max(wallMillis, Math.max(physical, remote.physicalMillis()));
        if (max == physical && max == remote.physicalMillis()) {
            logical = Math.max(logical, remote.logical()) + 1;
        } else if (max == physical) {
            logical++;
        } else if (max == remote.physicalMillis()) {
            logical = remote.logical() + 1;
        } else {
            logical = 0;
        }
        physical = max;
        return new HlcTimestamp(physical, logical, nodeId);
    }

    public String nodeId() {
        return nodeId;
    }
}
