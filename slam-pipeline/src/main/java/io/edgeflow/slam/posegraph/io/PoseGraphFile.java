package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.posegraph.PoseGraph;

/**
 * A pose graph read from a file.
 *
 * @param hasInitialGuess true when every pose had a vertex line; otherwise the poses without one
 *     are at the identity and the graph needs an initialization (odometry or chordal)
 */
public record PoseGraphFile(
        String name, PoseGraphFormat format, PoseGraph graph, boolean hasInitialGuess) {}
