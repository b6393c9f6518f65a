package io.edgeflow.protocol;

import java.util.Optional;

/**
 * The message type byte of a frame header. Codes are stable forever: a retired type keeps its code
 * and is never reused. INFERENCE_REQUEST and INFERENCE_RESULT (4, 5) are defined in v1 (see
 * docs/protocol-inference.md), and so is SYNC_UPDATE (6). A frame carrying a code this enum does
 * not define is rejected as {@link DecodeError.Reason#UNKNOWN_TYPE}.
 */
public enum MessageType {
    LASER_SCAN(1, true),
    ODOMETRY(2, true),
    HEARTBEAT(3, true),
    INFERENCE_REQUEST(4, true),
    INFERENCE_RESULT(5, true),
    SYNC_UPDATE(6, true),
    /** A pose estimate emitted by edgeflow's jobs (the payload of edgeflow.poses). */
    POSE_ESTIMATE(16, true),
    /** A tile of a map group's merged occupancy grid (the payload of edgeflow.map.tiles). */
    MAP_TILE(17, true);

    private final int code;
    private final boolean definedInV1;

    MessageType(int code, boolean definedInV1) {
        this.code = code;
        this.definedInV1 = definedInV1;
    }

    public int code() {
        return code;
    }

    /** Whether protocol v1 defines this type's payload (reserved codes do not). */
    public boolean definedInV1() {
        return definedInV1;
    }

    public static Optional<MessageType> ofCode(int code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
