package io.edgeflow.state.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * A Jepsen-style checker for sync: nodes with skewed clocks write to shared keys under every
 * strategy while they sync only now and then (offline for up to hours); the acknowledged updates
 * are then delivered to several merge replicas, each in its own order with duplicates. Checked
 * afterwards against the history: all replicas hold the same state, that state is the one the
 * history implies for each strategy, and no acknowledged update is missing unless its strategy
 * supersedes it.
 */
class SyncConvergenceProperties {

    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");
    private static final String LWW = "mission/1";
    private static final String MV = "annotation/1";
    private static final String MAX = "priority/1";
    private static final String COUNTER = "visits/1";
    private static final String SET = "tags/1";
    private static final String MAP = "config/1";
    private static final List<String> KEYS = List.of(LWW, MV, MAX, COUNTER, SET, MAP);
    private static final int MAX_SIBLINGS = 2;

    private static MergeStrategyRegistry registry() {
        return new MergeStrategyRegistry(new MergeStrategy.LastWriterWins())
                .register("annotation/", new MergeStrategy.MultiValue(MAX_SIBLINGS))
                .register(
                        "priority/",
                        new MergeStrategy.Custom(
                                "max-int",
                                siblings -> {
                                    int max = Integer.MIN_VALUE;
                                    for (SyncUpdate s : siblings) {
                                        max = Math.max(max, intOf(s.value()));
                                    }
                                    return bytesOf(max);
                                }))
                .register("visits/", new MergeStrategy.CrdtMerge(CrdtType.COUNTER))
                .register("tags/", new MergeStrategy.CrdtMerge(CrdtType.OR_SET))
                .register("config/", new MergeStrategy.CrdtMerge(CrdtType.LWW_MAP));
    }

    static byte[] bytesOf(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static int intOf(byte[] b) {
        return ByteBuffer.wrap(b).getInt();
    }

    /** What the history says, recorded as the nodes write. */
    private static final class History {
        final List<SyncUpdate> acknowledged = new ArrayList<>();
        long counterSum;
        final Map<String, List<Dot>> setAdds = new HashMap<>();
        final Map<String, List<VersionVector>> setRemoveContexts = new HashMap<>();
        final Map<String, List<LwwMap.Entry>> fieldWrites = new HashMap<>();
    }

    private static History runHistory(long seed, int operations) {
        Random rnd = new Random(seed);
        DocumentMerger merger = new DocumentMerger(registry());
        Map<String, SyncReplica> replicas = new TreeMap<>();
        Map<String, Long> clockSkew = new HashMap<>();
        for (String n : NODES) {
            replicas.put(n, new SyncReplica(n, merger));
            // wall clocks disagree by up to an hour either way
            clockSkew.put(n, (long) (rnd.nextGaussian() * 1_200_000));
        }
        History h = new History();
        long time = 1_000_000;
        for (int op = 0; op < operations; op++) {
            // time runs on in steps from milliseconds to hours (a node offline for a while)
            time += rnd.nextInt(4) == 0 ? rnd.nextInt(3 * 3_600_000) : rnd.nextInt(50);
            String node = NODES.get(rnd.nextInt(NODES.size()));
            SyncReplica r = replicas.get(node);
            long wall = time + clockSkew.get(node);
            int choice = rnd.nextInt(8);
            if (choice == 7) {
                // sync: the node reads back a random part of what has been acknowledged
                for (SyncUpdate u : h.acknowledged) {
                    if (rnd.nextInt(3) == 0) {
                        r.receive(u, wall);
                    }
                }
                continue;
            }
            String key = KEYS.get(choice % KEYS.size());
            int value = rnd.nextInt(100);
            SyncUpdate u;
            switch (key) {
                case COUNTER -> {
                    long delta = rnd.nextInt(11) - 5;
                    u = r.addToCounter(key, delta, wall);
                    h.counterSum += delta;
                }
                case SET -> {
                    String element = "tag" + rnd.nextInt(4);
                    if (rnd.nextBoolean()) {
                        u = r.addToSet(key, element, wall);
                        OrSet after = OrSet.fromBytes(u.value());
                        h.setAdds
                                .computeIfAbsent(element, e -> new ArrayList<>())
                                .add(new Dot(node, after.context().get(node)));
                    } else {
                        u = r.removeFromSet(key, element, wall);
                        h.setRemoveContexts
                                .computeIfAbsent(element, e -> new ArrayList<>())
                                .add(OrSet.fromBytes(u.value()).context());
                    }
                }
                case MAP -> {
                    String field = "f" + rnd.nextInt(3);
                    if (rnd.nextInt(4) == 0) {
                        u = r.removeField(key, field, wall);
                        h.fieldWrites
                                .computeIfAbsent(field, f -> new ArrayList<>())
                                .add(new LwwMap.Entry(u.stamp(), null));
                    } else {
                        u = r.putField(key, field, bytesOf(value), wall);
                        h.fieldWrites
                                .computeIfAbsent(field, f -> new ArrayList<>())
                                .add(new LwwMap.Entry(u.stamp(), bytesOf(value)));
                    }
                }
                default -> u = r.write(key, bytesOf(value), wall);
            }
            h.acknowledged.add(u);
        }
        return h;
    }

    /** Delivers every update at least once, some up to three times, in a shuffled order. */
    private static Map<String, DocumentState> deliver(List<SyncUpdate> log, Random rnd) {
        List<SyncUpdate> wire = new ArrayList<>(log);
        for (SyncUpdate u : log) {
            for (int d = rnd.nextInt(3); d > 0; d--) {
                wire.add(u);
            }
        }
        Collections.shuffle(wire, rnd);
        DocumentMerger merger = new DocumentMerger(registry());
        Map<String, DocumentState> states = new TreeMap<>();
        for (SyncUpdate u : wire) {
            states.put(
                    u.key(),
                    merger.apply(states.getOrDefault(u.key(), DocumentState.empty(u.key())), u));
        }
        return states;
    }

    @Property(tries = 300)
    void replicasConvergeToTheStateTheHistoryImplies(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int operations) {
        History h = runHistory(seed, operations);
        Random rnd = new Random(seed ^ 0x5DEECE66DL);

        // in acknowledgement order, then three replicas in their own orders with duplicates
        Map<String, DocumentState> reference =
                deliver(
                        h.acknowledged,
                        new Random(0) {
                            @Override
                            public int nextInt(int bound) {
                                return 0; // no duplicates
                            }
                        });
        for (int replica = 0; replica < 3; replica++) {
            assertThat(deliver(h.acknowledged, rnd)).isEqualTo(reference);
        }
        checkAgainstHistory(h, reference);
    }

    @Property(tries = 100)
    void updatesAndMergedStatesSurviveTheirWireFormats(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int operations) {
        History h = runHistory(seed, operations);
        io.edgeflow.protocol.FrameCodec codec = new io.edgeflow.protocol.FrameCodec();
        MergeStrategyRegistry registry = registry();
        long seq = 0;
        for (SyncUpdate u : h.acknowledged) {
            String strategy = registry.strategyFor(u.key()).name();
            byte[] frame = codec.encode(7, SyncMessages.toMessage(u, strategy, seq++));
            io.edgeflow.protocol.Frame decoded = (io.edgeflow.protocol.Frame) codec.decode(frame);
            io.edgeflow.protocol.SyncUpdateMessage m =
                    (io.edgeflow.protocol.SyncUpdateMessage) decoded.message();
            assertThat(m.strategy()).isEqualTo(strategy);
            assertThat(SyncMessages.fromMessage(m)).isEqualTo(u);
        }
        for (DocumentState state : deliver(h.acknowledged, new Random(seed)).values()) {
            String strategy = registry.strategyFor(state.key()).name();
            DocumentStateCodec.Published back =
                    DocumentStateCodec.decode(DocumentStateCodec.encode(strategy, state));
            assertThat(back.strategy()).isEqualTo(strategy);
            assertThat(back.state()).isEqualTo(state);
        }
    }

    private static void checkAgainstHistory(History h, Map<String, DocumentState> state) {
        Map<String, List<SyncUpdate>> byKey = new HashMap<>();
        for (SyncUpdate u : h.acknowledged) {
            byKey.computeIfAbsent(u.key(), k -> new ArrayList<>()).add(u);
        }
        for (Map.Entry<String, List<SyncUpdate>> e : byKey.entrySet()) {
            DocumentState doc = state.get(e.getKey());
            List<SyncUpdate> updates = e.getValue();
            VersionVector all = VersionVector.EMPTY;
            for (SyncUpdate u : updates) {
                all = all.merge(u.version());
            }
            assertThat(doc.context()).isEqualTo(all);
            List<SyncUpdate> frontier = frontierByBruteForce(updates);
            if (e.getKey().equals(MV)) {
                // shows in the report that histories do reach conflicts and the sibling bound
                Statistics.label("multi-value siblings").collect(Math.min(frontier.size(), 3));
            }
            switch (e.getKey()) {
                case LWW -> {
                    SyncUpdate newest =
                            Collections.max(updates, Comparator.comparing(SyncUpdate::stamp));
                    assertThat(doc.value()).isEqualTo(newest.value());
                }
                case MV -> {
                    // every update is visible, seen by a later one, or among the older
                    // siblings beyond the bound
                    assertThat(doc.retained()).containsExactlyElementsOf(frontier);
                    List<SyncUpdate> newest =
                            frontier.subList(
                                    Math.max(0, frontier.size() - MAX_SIBLINGS), frontier.size());
                    assertThat(doc.visible()).containsExactlyElementsOf(newest);
                    assertThat(doc.value())
                            .isEqualTo(newest.size() == 1 ? newest.get(0).value() : null);
                }
                case MAX -> {
                    int max = frontier.stream().mapToInt(u -> intOf(u.value())).max().orElseThrow();
                    assertThat(intOf(doc.value())).isEqualTo(max);
                }
                case COUNTER ->
                        assertThat(PnCounter.fromBytes(doc.value()).value())
                                .isEqualTo(h.counterSum);
                case SET ->
                        assertThat(OrSet.fromBytes(doc.value()).elements())
                                .isEqualTo(expectedSet(h));
                case MAP ->
                        assertThat(LwwMap.fromBytes(doc.value()).asMap().keySet())
                                .isEqualTo(expectedFields(h, doc));
                default -> throw new AssertionError("unchecked key " + e.getKey());
            }
        }
    }

    /** The updates no other acknowledged update has seen, oldest stamp first. */
    private static List<SyncUpdate> frontierByBruteForce(List<SyncUpdate> updates) {
        List<SyncUpdate> out = new ArrayList<>();
        for (SyncUpdate u : updates) {
            boolean seen = false;
            for (SyncUpdate v : updates) {
                if (v != u && !v.dot().equals(u.dot()) && v.version().descends(u.version())) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                out.add(u);
            }
        }
        out.sort(Comparator.comparing(SyncUpdate::stamp));
        return out;
    }

    /** Add-wins: an element stays if one of its adds was observed by no remove of it. */
    private static Set<String> expectedSet(History h) {
        Set<String> out = new TreeSet<>();
        h.setAdds.forEach(
                (element, dots) -> {
                    List<VersionVector> removes =
                            h.setRemoveContexts.getOrDefault(element, List.of());
                    for (Dot d : dots) {
                        if (removes.stream().noneMatch(ctx -> ctx.covers(d))) {
                            out.add(element);
                            break;
                        }
                    }
                });
        return out;
    }

    /** Each field's newest write by stamp decides; a removal hides the field. */
    private static Set<String> expectedFields(History h, DocumentState doc) {
        Set<String> out = new TreeSet<>();
        LwwMap merged = LwwMap.fromBytes(doc.value());
        h.fieldWrites.forEach(
                (field, writes) -> {
                    LwwMap.Entry newest =
                            Collections.max(writes, Comparator.comparing(LwwMap.Entry::stamp));
                    if (!newest.removed()) {
                        out.add(field);
                        assertThat(merged.get(field)).get().isEqualTo(newest.value());
                    }
                });
        return out;
    }
}
