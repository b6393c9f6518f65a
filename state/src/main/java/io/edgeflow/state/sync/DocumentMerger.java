package io.edgeflow.state.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges a SYNC_UPDATE into a key's state by the key's strategy. A pure function of (state,
 * update), so a keyed Flink operator wraps it with the state in ValueState. Concurrency is decided
 * by version vectors, never by wall clocks; HLC stamps only order updates the strategy says to
 * order. The result depends only on the set of updates merged, not on their order or on duplicates,
 * so replicas converge.
 */
public final class DocumentMerger {

    private static final Comparator<SyncUpdate> OLDEST_FIRST =
            Comparator.comparing(SyncUpdate::stamp);

    private final MergeStrategyRegistry registry;

    public DocumentMerger(MergeStrategyRegistry registry) {
        this.registry = registry;
    }

    public MergeStrategyRegistry registry() {
        return registry;
    }

    public DocumentState apply(DocumentState current, SyncUpdate update) {
        if (!current.key().equals(update.key())) {
            throw new IllegalArgumentException(
                    "update for " + update.key() + " merged into " + current.key());
        }
        MergeStrategy strategy = registry.strategyFor(update.key());
        VersionVector context = current.context().merge(update.version());
        if (strategy instanceof MergeStrategy.CrdtMerge crdt) {
            byte[] base = current.value() == null ? crdt.type().empty() : current.value();
            return new DocumentState(
                    current.key(),
                    context,
                    List.of(),
                    List.of(),
                    crdt.type().merge(base, update.value()));
        }
        if (strategy instanceof MergeStrategy.LastWriterWins) {
            List<SyncUpdate> r = current.retained();
            if (!r.isEmpty() && !update.stamp().isAfter(r.get(0).stamp())) {
                return new DocumentState(current.key(), context, r, r, current.value());
            }
            return new DocumentState(
                    current.key(), context, List.of(update), List.of(update), update.value());
        }
        List<SyncUpdate> frontier = frontierWith(current.retained(), update);
        if (strategy instanceof MergeStrategy.MultiValue mv) {
            List<SyncUpdate> visible =
                    frontier.subList(
                            Math.max(0, frontier.size() - mv.maxSiblings()), frontier.size());
            byte[] value = visible.size() == 1 ? visible.get(0).value() : null;
            return new DocumentState(current.key(), context, frontier, visible, value);
        }
        MergeStrategy.Custom custom = (MergeStrategy.Custom) strategy;
        return new DocumentState(
                current.key(),
                context,
                frontier,
                frontier,
                frontier.isEmpty() ? null : custom.resolver().resolve(frontier));
    }

    /**
     * The causal frontier after adding an update: unchanged if a retained update has seen it (or is
     * it), otherwise it joins and displaces the ones it has seen.
     */
    static List<SyncUpdate> frontierWith(List<SyncUpdate> frontier, SyncUpdate update) {
        for (SyncUpdate s : frontier) {
            if (s.version().descends(update.version())) {
                return frontier;
            }
        }
        List<SyncUpdate> next = new ArrayList<>(frontier.size() + 1);
        for (SyncUpdate s : frontier) {
            if (!update.version().descends(s.version())) {
                next.add(s);
            }
        }
        next.add(update);
        next.sort(OLDEST_FIRST);
        return List.copyOf(next);
    }
}
