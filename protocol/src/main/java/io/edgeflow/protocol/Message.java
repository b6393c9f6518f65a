package io.edgeflow.protocol;

/**
 * A frame's decoded payload. Every message carries the producer's per-node sequence number and the
 * sensor timestamp (microseconds since the Unix epoch), so consumers can detect gaps and duplicates
 * and run in event time.
 */
public sealed interface Message
        permits LaserScan,
                Odometry,
                Heartbeat,
                PoseEstimate,
                MapTile,
                InferenceRequest,
                InferenceResult,
                SyncUpdateMessage {
    MessageType type();

    long seq();

    long timestampMicros();

    /** Writes the payload (without header). */
    void writeTo(PayloadWriter out);

    /**
     * Checks the invariants a producer must respect. Returns null when valid, else a reason. The
     * decoder applies it, and encoders refuse to write an invalid message.
     */
    String invalidReason();
}
