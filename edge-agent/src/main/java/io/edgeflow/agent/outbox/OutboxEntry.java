package io.edgeflow.agent.outbox;

/**
 * One stored frame: {@code seq} orders the outbox (one counter across classes, never reused), the
 * key is the Kafka record key (the robot's name).
 */
public record OutboxEntry(long seq, byte[] key, byte[] frame, long enqueuedMillis) {
    public int sizeBytes() {
        return key.length + frame.length;
    }
}
