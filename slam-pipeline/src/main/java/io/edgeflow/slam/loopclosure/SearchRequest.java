package io.edgeflow.slam.loopclosure;

import io.edgeflow.protocol.Pose2;
import java.util.List;

/**
 * The loop-closure searches decided for one node, with the estimates they start from, fixed when
 * the node was added: what a search finds depends only on this, the node's points and the finished
 * submaps, so it can run on another thread and be re-run after a restore with the same result.
 *
 * @param nodeGlobal the node's global pose estimate when it was added
 * @param targets finished submaps to search, in search order
 */
public record SearchRequest(int nodeIndex, Pose2 nodeGlobal, List<Target> targets) {

    /**
     * @param submapGlobal the submap's global pose estimate when the node was added
     * @param global search the whole submap at every heading instead of a window
     */
    public record Target(int submapIndex, Pose2 submapGlobal, boolean global) {}
}
