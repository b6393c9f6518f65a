package io.edgeflow.slam.posegraph;

/** Where a solve starts. */
public enum Initialization {
    /** The poses as they are (the file's vertices). */
    FILE,
    /** Spanning-tree odometry chaining ({@link SpanningTreeInitialization}). */
    ODOMETRY,
    /** Chordal relaxation ({@link ChordalInitialization}), the default. */
    CHORDAL;

    public void apply(PoseGraph graph) {
        switch (this) {
            case FILE -> {}
            case ODOMETRY -> SpanningTreeInitialization.apply(graph);
            case CHORDAL -> ChordalInitialization.apply(graph);
        }
    }
}
