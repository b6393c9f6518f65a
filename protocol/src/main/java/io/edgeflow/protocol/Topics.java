package io.edgeflow.protocol;

/**
 * Kafka topic names: part of the wire contract between edge nodes and the jobs. Partition counts
 * are set explicitly when topics are created (see the local runtime and k8s/).
 */
public final class Topics {
    /** Sensor frames (LASER_SCAN, ODOMETRY, HEARTBEAT), key = node name (UTF-8). */
    public static final String FRAMES = "edgeflow.frames";

    /** Pose estimates as POSE_ESTIMATE frames, key = node id as 8 hex digits. */
    public static final String POSES = "edgeflow.poses";

    /**
     * Every robot's poses corrected by its map group's global pose graph, as POSE_ESTIMATE frames
     * with source GLOBAL_MAP in the group's frame; key = node id as 8 hex digits.
     */
    public static final String POSES_GLOBAL = "edgeflow.poses.global";

    /**
     * Merged occupancy-grid tiles of each map group, compacted: key = {@link MapTile#key()}, value
     * = a MAP_TILE frame whose version only grows.
     */
    public static final String MAP_TILES = "edgeflow.map.tiles";

    /**
     * Records a job could not process: the original key and value unchanged, the reason and the
     * source position in headers (see docs/protocol.md).
     */
    public static final String DLQ = "edgeflow.dlq";

    /**
     * The edge agents' delivery positions: consumer-group offsets on its one partition, no records
     * (see docs/edge-agent.md).
     */
    public static final String AGENT_POSITIONS = "edgeflow.agent.positions";

    /** INFERENCE_REQUEST frames, key = node name (UTF-8). */
    public static final String INFERENCE_REQUESTS = "edgeflow.inference.requests";

    /** INFERENCE_RESULT frames, key = the request's key (node name). */
    public static final String INFERENCE_RESULTS = "edgeflow.inference.results";

    /** Model load/swap/unload commands, broadcast to every inference operator. */
    public static final String MODELS_CONTROL = "edgeflow.models.control";

    /** The node registry, compacted: key = node name, value = its latest status (JSON). */
    public static final String NODES = "edgeflow.nodes";

    /** Node health transitions as events, key = node name, value JSON. */
    public static final String NODE_HEALTH = "edgeflow.node-health";

    /** Tasks to place and task completions (JSON, see docs/control-plane.md), key = task id. */
    public static final String TASKS = "edgeflow.tasks";

    /** Task placements (JSON), key = the node name the task runs on. */
    public static final String ASSIGNMENTS = "edgeflow.assignments";

    /** SYNC_UPDATE frames, key = the document key (UTF-8). */
    public static final String SYNC_UPDATES = "edgeflow.sync.updates";

    /**
     * The merged replicated state, compacted: key = the document key, value = its merged state (see
     * docs/control-plane.md), which nodes read back.
     */
    public static final String SYNC_STATE = "edgeflow.sync.state";

    private Topics() {}
}
