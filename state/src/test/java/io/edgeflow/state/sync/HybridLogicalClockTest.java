package io.edgeflow.state.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {

    @Test
    void followsTheWallClockWhenItMovesAndCountsWhenItDoesNot() {
        HybridLogicalClock c = new HybridLogicalClock("a");
        assertThat(c.now(100)).isEqualTo(new HlcTimestamp(100, 0, "a"));
        assertThat(c.now(100)).isEqualTo(new HlcTimestamp(100, 1, "a"));
        // the wall clock stepped back (NTP): the reading does not
        assertThat(c.now(90)).isEqualTo(new HlcTimestamp(100, 2, "a"));
        assertThat(c.now(150)).isEqualTo(new HlcTimestamp(150, 0, "a"));
    }

    @Test
    void aReceiveFromAFastClockMovesPastIt() {
        HybridLogicalClock slow = new HybridLogicalClock("slow");
        HlcTimestamp remote = new HlcTimestamp(5_000, 3, "fast");
        HlcTimestamp received = slow.receive(remote, 1_000);
        assertThat(received).isEqualTo(new HlcTimestamp(5_000, 4, "slow"));
        // a write after the receive is ordered after the remote write, though the wall clock
        // of this node is four seconds behind
        assertThat(slow.now(1_001).isAfter(remote)).isTrue();
    }

    @Property
    void readingsIncreaseAndExceedEveryReceivedStamp(
            @ForAll @Size(min = 1, max = 50) List<@LongRange(min = 0, max = 10_000) Long> walls,
            @ForAll @Size(min = 1, max = 50) List<@LongRange(min = 0, max = 20_000) Long> remotes) {
        HybridLogicalClock c = new HybridLogicalClock("n");
        HlcTimestamp last = null;
        for (int i = 0; i < walls.size(); i++) {
            HlcTimestamp t;
            if (i < remotes.size() && i % 2 == 1) {
                HlcTimestamp remote = new HlcTimestamp(remotes.get(i), i, "r");
                t = c.receive(remote, walls.get(i));
                assertThat(
                                t.physicalMillis() > remote.physicalMillis()
                                        || (t.physicalMillis() == remote.physicalMillis()
                                                && t.logical() > remote.logical()))
                        .isTrue();
            } else {
                t = c.now(walls.get(i));
            }
            assertThat(t.physicalMillis()).isGreaterThanOrEqualTo(walls.get(i));
            if (last != null) {
                assertThat(t.isAfter(last)).isTrue();
            }
            last = t;
        }
    }
}
