package io.edgeflow.state.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentMergerTest {

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private final MergeStrategyRegistry registry =
            new MergeStrategyRegistry(new MergeStrategy.LastWriterWins())
                    .register("note/", new MergeStrategy.MultiValue(2))
                    .register("note/pinned/", new MergeStrategy.LastWriterWins())
                    .register(
                            "waypoints/",
                            new MergeStrategy.Custom(
                                    "longest",
                                    siblings -> {
                                        byte[] best = siblings.get(0).value();
                                        for (SyncUpdate s : siblings) {
                                            if (s.value().length > best.length) {
                                                best = s.value();
                                            }
                                        }
                                        return best;
                                    }));
    private final DocumentMerger merger = new DocumentMerger(registry);

    @Test
    void theLongestRegisteredPrefixDecides() {
        assertThat(registry.strategyFor("note/7")).isEqualTo(new MergeStrategy.MultiValue(2));
        assertThat(registry.strategyFor("note/pinned/7"))
                .isEqualTo(new MergeStrategy.LastWriterWins());
        assertThat(registry.strategyFor("other")).isEqualTo(new MergeStrategy.LastWriterWins());
        assertThat(registry.strategyFor("waypoints/r1").name()).isEqualTo("longest");
    }

    @Test
    void concurrentWritesAreDetectedByVersionVectorsNotByClocks() {
        SyncReplica a = new SyncReplica("a", merger);
        SyncReplica b = new SyncReplica("b", merger);
        // b's wall clock is an hour ahead, but a saw b's write before writing: a's write wins
        SyncUpdate fromB = b.write("note/1", text("b"), 3_600_000);
        a.receive(fromB, 1_000);
        SyncUpdate fromA = a.write("note/1", text("a"), 1_001);
        assertThat(fromA.stamp().isAfter(fromB.stamp())).isTrue();

        DocumentState s = merger.apply(merger.apply(DocumentState.empty("note/1"), fromA), fromB);
        assertThat(s.visible()).containsExactly(fromA);
        assertThat(s.value()).isEqualTo(text("a"));

        // c never saw either: its write is a sibling of a's
        SyncReplica c = new SyncReplica("c", merger);
        SyncUpdate fromC = c.write("note/1", text("c"), 500);
        DocumentState withC = merger.apply(s, fromC);
        assertThat(withC.visible()).containsExactly(fromC, fromA);
        assertThat(withC.value()).isNull();
    }

    @Test
    void theSiblingBoundShowsTheNewestAndAWriteOnTopResolvesAll() {
        List<SyncReplica> nodes =
                List.of(
                        new SyncReplica("a", merger),
                        new SyncReplica("b", merger),
                        new SyncReplica("c", merger));
        DocumentState s = DocumentState.empty("note/2");
        long t = 100;
        for (SyncReplica n : nodes) {
            s = merger.apply(s, n.write("note/2", text(n.nodeId()), t++));
        }
        assertThat(s.retained()).hasSize(3);
        assertThat(s.visible()).extracting(SyncUpdate::nodeId).containsExactly("b", "c");

        // a reads the merged state back and writes: its version covers all three
        SyncReplica a = nodes.get(0);
        for (SyncUpdate u : s.retained()) {
            a.receive(u, 200);
        }
        s = merger.apply(s, a.write("note/2", text("resolved"), 201));
        assertThat(s.retained()).hasSize(1);
        assertThat(s.value()).isEqualTo(text("resolved"));
    }

    @Test
    void aCustomRuleResolvesTheSiblings() {
        SyncUpdate shortRoute = new SyncReplica("a", merger).write("waypoints/r1", text("ab"), 5);
        SyncUpdate longRoute = new SyncReplica("b", merger).write("waypoints/r1", text("abcd"), 1);
        DocumentState s =
                merger.apply(
                        merger.apply(DocumentState.empty("waypoints/r1"), shortRoute), longRoute);
        assertThat(s.value()).isEqualTo(text("abcd"));
        assertThat(s.visible()).containsExactly(longRoute, shortRoute);
    }

    @Test
    void lastWriterWinsKeepsTheNewestStampAndIgnoresAReplay() {
        SyncUpdate older = new SyncReplica("a", merger).write("cfg", text("old"), 10);
        SyncUpdate newer = new SyncReplica("b", merger).write("cfg", text("new"), 20);
        DocumentState s = merger.apply(DocumentState.empty("cfg"), newer);
        DocumentState after = merger.apply(merger.apply(s, older), newer);
        assertThat(after.value()).isEqualTo(text("new"));
        assertThat(after.context()).isEqualTo(older.version().merge(newer.version()));
    }
}
