package io.edgeflow.agent.outbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Bounds and durability of the outbox.
 *
 * @param maxBytes frames (key + value bytes) kept at most; beyond it {@code fullPolicy} applies
 * @param maxAge frames older than this are expired (dropped and counted) even if undelivered
 * @param blockTimeout how long an append waits for space under {@link FullPolicy#BLOCK}
 */
public record OutboxConfig(
        Path dir,
        long maxBytes,
        Duration maxAge,
        FullPolicy fullPolicy,
        Duration blockTimeout,
        SyncPolicy sync) {

    /** What an append does when the frames do not fit. */
    public enum FullPolicy {
        /** Delete the oldest frames of the lowest priority class (at most the new frame's). */
        DROP_OLDEST,
        /** Wait for deliveries to make room; fail the append after {@code blockTimeout}. */
        BLOCK
    }

    /** When appended frames reach the disk. */
    public enum SyncPolicy {
        /** fsync the write-ahead log once per appended batch, before it is acknowledged. */
        BATCH,
        /** Leave flushing to the OS: survives a process crash, not a power loss. */
        NONE
    }

    public OutboxConfig {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("outbox max bytes must be > 0, was " + maxBytes);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("outbox max age must be > 0, was " + maxAge);
        }
    }
}
