package io.edgeflow.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.agent.outbox.OutboxConfig.FullPolicy;
import io.edgeflow.agent.outbox.OutboxConfig.SyncPolicy;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir Path dir;

    static final byte[] KEY = {'r', '1'};

    OutboxConfig config(long maxBytes, FullPolicy policy) {
        return new OutboxConfig(
                dir,
                maxBytes,
                Duration.ofHours(1),
                policy,
                Duration.ofMillis(200),
                SyncPolicy.BATCH);
    }

    /** A 100-byte frame whose first 8 bytes are its stream sequence number (to check order). */
    static PendingFrame frame(MessageClass c, int node, long seq) {
        byte[] f = ByteBuffer.allocate(98).putLong(seq).array();
        return new PendingFrame(KEY, f, c, node, seq);
    }

    static List<PendingFrame> frames(MessageClass c, int node, long from, int n) {
        List<PendingFrame> out = new ArrayList<>();
        for (long s = from; s < from + n; s++) {
            out.add(frame(c, node, s));
        }
        return out;
    }

    static List<Long> streamSeqs(List<OutboxEntry> entries) {
        return entries.stream().map(e -> ByteBuffer.wrap(e.frame()).getLong()).toList();
    }

    @Test
    void framesSurviveReopenInOrderAndLeaveOnlyWhenDelivered() throws Exception {
        try (Outbox box = Outbox.open(config(1 << 20, FullPolicy.BLOCK))) {
            box.append(frames(MessageClass.LATENCY, 1, 0, 10));
            List<OutboxEntry> taken = box.takeInflight(MessageClass.LATENCY, 4, 1 << 20, 0);
            assertThat(streamSeqs(taken)).containsExactly(0L, 1L, 2L, 3L);
            // In flight: the next take continues after them.
            assertThat(streamSeqs(box.takeInflight(MessageClass.LATENCY, 2, 1 << 20, 0)))
                    .containsExactly(4L, 5L);
            assertThat(box.deliveredThrough(MessageClass.LATENCY, taken.get(3).seq())).isEqualTo(4);
        }
        try (Outbox box = Outbox.open(config(1 << 20, FullPolicy.BLOCK))) {
            // Not-yet-delivered frames come back after a restart, in order.
            assertThat(streamSeqs(box.takeInflight(MessageClass.LATENCY, 100, 1 << 20, 0)))
                    .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
            OutboxStats s = box.stats(MessageClass.LATENCY);
            assertThat(s.appended()).isEqualTo(10);
            assertThat(s.delivered()).isEqualTo(4);
            assertThat(s.frames()).isEqualTo(6);
            assertThat(box.lastStreamSeq(1)).isEqualTo(9);
        }
    }

    @Test
    void aRetriedFrameIsAcknowledgedButStoredOnce() throws Exception {
        try (Outbox box = Outbox.open(config(1 << 20, FullPolicy.BLOCK))) {
            box.append(frames(MessageClass.BULK, 7, 0, 5));
            Outbox.AppendResult r = box.append(frames(MessageClass.BULK, 7, 3, 5));
            assertThat(r.duplicates()).isEqualTo(2);
            assertThat(r.appended()).isEqualTo(3);
            assertThat(streamSeqs(box.takeInflight(MessageClass.BULK, 100, 1 << 20, 0)))
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(box.stats(MessageClass.BULK).duplicates()).isEqualTo(2);
        }
    }

    @Test
    void dropOldestDeletesTheLowestPriorityClassFirstAndCountsEveryDrop() throws Exception {
        // Each frame is 100 bytes (2 key + 98 value): room for exactly 10.
        try (Outbox box = Outbox.open(config(1000, FullPolicy.DROP_OLDEST))) {
            box.append(frames(MessageClass.BULK, 1, 0, 6));
            box.append(frames(MessageClass.LATENCY, 2, 0, 4));
            // 3 more latency frames: the 3 oldest bulk frames make room.
            box.append(frames(MessageClass.LATENCY, 2, 4, 3));
            assertThat(box.stats(MessageClass.BULK).droppedFull()).isEqualTo(3);
            assertThat(streamSeqs(box.takeInflight(MessageClass.BULK, 100, 1 << 20, 0)))
                    .containsExactly(3L, 4L, 5L);
            box.releaseInflight(MessageClass.BULK);
            // A bulk frame may not push out latency frames: with no older bulk frame free, it
            // is itself dropped... after the remaining 3 bulk frames went first.
            box.append(frames(MessageClass.BULK, 1, 6, 4));
            OutboxStats bulk = box.stats(MessageClass.BULK);
            assertThat(bulk.droppedFull()).isEqualTo(3 + 3 + 1);
            assertThat(bulk.frames()).isEqualTo(3);
            assertThat(box.stats(MessageClass.LATENCY).frames()).isEqualTo(7);
            assertThat(box.stats(MessageClass.LATENCY).droppedFull()).isZero();
            assertThat(box.totalBytes()).isLessThanOrEqualTo(1000);
            assertThat(bulk.appended())
                    .isEqualTo(
                            bulk.delivered()
                                    + bulk.droppedFull()
                                    + bulk.expired()
                                    + bulk.frames()
                                    - 1);
        }
    }

    @Test
    void blockRefusesWhatDoesNotFitAndAcceptsOnceDeliveriesFreeRoom() throws Exception {
        try (Outbox box = Outbox.open(config(500, FullPolicy.BLOCK))) {
            box.append(frames(MessageClass.LATENCY, 1, 0, 5));
            assertThatThrownBy(() -> box.append(frames(MessageClass.LATENCY, 1, 5, 1)))
                    .isInstanceOf(OutboxFullException.class)
                    .hasMessageContaining("outbox full");
            List<OutboxEntry> taken = box.takeInflight(MessageClass.LATENCY, 2, 1 << 20, 0);
            box.deliveredThrough(MessageClass.LATENCY, taken.get(1).seq());
            assertThat(box.append(frames(MessageClass.LATENCY, 1, 5, 2)).appended()).isEqualTo(2);
            assertThat(box.stats(MessageClass.LATENCY).droppedFull()).isZero();
        }
    }

    @Test
    void framesOlderThanMaxAgeExpireAndAreCounted() throws Exception {
        try (Outbox box = Outbox.open(config(1 << 20, FullPolicy.BLOCK))) {
            box.append(frames(MessageClass.CONTROL, 1, 0, 3));
            long later = System.currentTimeMillis() + Duration.ofHours(2).toMillis();
            assertThat(box.expire(later)).isEqualTo(3);
            assertThat(box.stats(MessageClass.CONTROL).expired()).isEqualTo(3);
            assertThat(box.totalFrames()).isZero();
        }
    }
}
