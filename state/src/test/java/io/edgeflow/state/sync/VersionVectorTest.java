package io.edgeflow.state.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionVectorTest {

    private final VersionVector a1 = VersionVector.EMPTY.increment("a");
    private final VersionVector a1b1 = a1.increment("b");
    private final VersionVector a2 = a1.increment("a");

    @Test
    void ordersByWhatEachHasSeen() {
        assertThat(a1.compare(a1b1)).isEqualTo(Causality.BEFORE);
        assertThat(a1b1.compare(a1)).isEqualTo(Causality.AFTER);
        assertThat(a1b1.compare(VersionVector.of(Map.of("a", 1L, "b", 1L))))
                .isEqualTo(Causality.EQUAL);
        assertThat(a2.compare(a1b1)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void mergeIsTheLeastUpperBound() {
        VersionVector m = a2.merge(a1b1);
        assertThat(m).isEqualTo(VersionVector.of(Map.of("a", 2L, "b", 1L)));
        assertThat(m.descends(a2)).isTrue();
        assertThat(m.descends(a1b1)).isTrue();
        assertThat(m.covers(new Dot("a", 2))).isTrue();
        assertThat(m.covers(new Dot("b", 2))).isFalse();
    }

    @Test
    void zeroEntriesDoNotMakeVectorsDiffer() {
        assertThat(VersionVector.of(Map.of("a", 1L, "z", 0L))).isEqualTo(a1);
    }
}
