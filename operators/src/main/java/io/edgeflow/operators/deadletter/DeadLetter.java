package io.edgeflow.operators.deadletter;

import io.edgeflow.operators.ingest.RawFrame;

/**
 * A record a job could not process, kept whole: the reason (a stable lower-case code such as {@code
 * crc_mismatch}), a human-readable detail, and the original record with its position.
 */
public record DeadLetter(
        String reason,
        String detail,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        byte[] key,
        byte[] value,
        long failedAtMillis) {

    public static DeadLetter of(RawFrame raw, String reason, String detail, long nowMillis) {
        return new DeadLetter(
                reason,
                detail,
                raw.topic(),
                raw.partition(),
                raw.offset(),
                raw.key(),
                raw.value(),
                nowMillis);
    }
}
