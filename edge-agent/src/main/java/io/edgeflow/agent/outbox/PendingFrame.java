package io.edgeflow.agent.outbox;

/**
 * A frame a source hands over: its Kafka key, bytes, class, and the stream position (node id and
 * the frame's own sequence number) the outbox deduplicates on.
 */
public record PendingFrame(
        byte[] key, byte[] frame, MessageClass messageClass, int nodeId, long streamSeq) {
    public int sizeBytes() {
        return key.length + frame.length;
    }
}
