package io.edgeflow.state.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The join laws every CRDT needs for convergence (commutative, associative, idempotent), on states
 * built by random operations on three replicas that merge now and then, plus the byte round trip
 * the updates rely on.
 */
class CrdtLawsProperties {

    record Op(int replica, int kind, int arg) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(-5, 5))
                .as(Op::new)
                .list()
                .ofMaxSize(40);
    }

    /** Three replicas after the ops; kind 3 merges the next replica into this one. */
    private static <T extends Crdt<T>> List<T> replicas(
            List<Op> ops, T empty, java.util.function.BiFunction<T, Op, T> apply) {
        java.util.List<T> r = new java.util.ArrayList<>(List.of(empty, empty, empty));
        for (Op op : ops) {
            T mine = r.get(op.replica());
            r.set(
                    op.replica(),
                    op.kind() == 3
                            ? mine.merge(r.get((op.replica() + 1) % 3))
                            : apply.apply(mine, op));
        }
        return r;
    }

    private static <T extends Crdt<T>> void checkLaws(
            List<T> r, java.util.function.Function<byte[], T> decode) {
        T a = r.get(0);
        T b = r.get(1);
        T c = r.get(2);
        assertThat(a.merge(b)).isEqualTo(b.merge(a));
        assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
        assertThat(a.merge(a)).isEqualTo(a);
        assertThat(a.merge(b).merge(b)).isEqualTo(a.merge(b));
        assertThat(decode.apply(a.toBytes())).isEqualTo(a);
        assertThat(a.merge(b).toBytes()).isEqualTo(b.merge(a).toBytes());
    }

    @Property
    void counterJoinLaws(@ForAll("ops") List<Op> ops) {
        checkLaws(
                replicas(ops, PnCounter.EMPTY, (c, op) -> c.add("n" + op.replica(), op.arg())),
                PnCounter::fromBytes);
    }

    @Property
    void orSetJoinLaws(@ForAll("ops") List<Op> ops) {
        checkLaws(
                replicas(
                        ops,
                        OrSet.EMPTY,
                        (s, op) ->
                                op.kind() == 0
                                        ? s.remove("e" + Math.abs(op.arg() % 3))
                                        : s.add("n" + op.replica(), "e" + Math.abs(op.arg() % 3))),
                OrSet::fromBytes);
    }

    @Property
    void lwwMapJoinLaws(@ForAll("ops") List<Op> ops) {
        int[] clock = {0};
        checkLaws(
                replicas(
                        ops,
                        LwwMap.EMPTY,
                        (m, op) -> {
                            HlcTimestamp stamp =
                                    new HlcTimestamp(clock[0]++ / 2, 0, "n" + op.replica());
                            String field = "f" + Math.abs(op.arg() % 3);
                            return op.kind() == 0
                                    ? m.remove(field, stamp)
                                    : m.put(field, new byte[] {(byte) op.arg()}, stamp);
                        }),
                LwwMap::fromBytes);
    }
}
