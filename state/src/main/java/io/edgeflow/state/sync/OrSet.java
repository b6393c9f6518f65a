package io.edgeflow.state.sync;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An add-wins observed-remove set of strings with a causal context (the optimized OR-set of
 * Bieniusa et al., 2012). Each add is a fresh dot; a remove drops the dots the remover has seen, so
 * an add concurrent with a remove survives it. The context records every dot ever seen, which is
 * how a merge tells "removed here" from "not yet seen here".
 */
public final class OrSet implements Crdt<OrSet> {

    public static final OrSet EMPTY = new OrSet(new TreeMap<>(), VersionVector.EMPTY);

    private static final java.util.Comparator<Dot> DOT_ORDER =
            java.util.Comparator.comparing(Dot::nodeId).thenComparingLong(Dot::counter);

    private final TreeMap<String, TreeSet<Dot>> entries;
    private final VersionVector context;

    private OrSet(TreeMap<String, TreeSet<Dot>> entries, VersionVector context) {
        this.entries = entries;
        this.context = context;
    }

    /** This set after {@code nodeId} adds {@code element}; the new dot replaces the ones seen. */
    public OrSet add(String nodeId, String element) {
        VersionVector ctx = context.increment(nodeId);
        TreeMap<String, TreeSet<Dot>> next = copyEntries();
        TreeSet<Dot> dots = new TreeSet<>(DOT_ORDER);
        dots.add(new Dot(nodeId, ctx.get(nodeId)));
        next.put(element, dots);
        return new OrSet(next, ctx);
    }

    /** This set after removing {@code element} as far as this replica has seen it added. */
    public OrSet remove(String element) {
        TreeMap<String, TreeSet<Dot>> next = copyEntries();
        next.remove(element);
        return new OrSet(next, context);
    }

    public Set<String> elements() {
        return java.util.Collections.unmodifiableSet(entries.keySet());
    }

    /** Every dot this replica has seen, added or removed. */
    public VersionVector context() {
        return context;
    }

    /** The live dots of an element: the adds that no remove seen here has observed. */
    public Set<Dot> dotsOf(String element) {
        return java.util.Collections.unmodifiableSet(
                entries.getOrDefault(element, new TreeSet<>(DOT_ORDER)));
    }

    @Override
    public OrSet merge(OrSet other) {
        TreeMap<String, TreeSet<Dot>> next = new TreeMap<>();
        TreeSet<String> elements = new TreeSet<>(entries.keySet());
        elements.addAll(other.entries.keySet());
        for (String e : elements) {
            TreeSet<Dot> mine = entries.getOrDefault(e, new TreeSet<>(DOT_ORDER));
            TreeSet<Dot> theirs = other.entries.getOrDefault(e, new TreeSet<>(DOT_ORDER));
            TreeSet<Dot> kept = new TreeSet<>(DOT_ORDER);
            for (Dot d : mine) {
                // kept if both have it, or the other has never seen it (so did not remove it)
                if (theirs.contains(d) || !other.context.covers(d)) {
                    kept.add(d);
                }
            }
            for (Dot d : theirs) {
                if (!context.covers(d)) {
                    kept.add(d);
                }
            }
            if (!kept.isEmpty()) {
                next.put(e, kept);
            }
        }
        return new OrSet(next, context.merge(other.context));
    }

    private TreeMap<String, TreeSet<Dot>> copyEntries() {
        TreeMap<String, TreeSet<Dot>> copy = new TreeMap<>();
        entries.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
        return copy;
    }

    @Override
    public byte[] toBytes() {
        return Codec.encode(
                out -> {
                    context.writeTo(out);
                    out.writeInt(entries.size());
                    for (Map.Entry<String, TreeSet<Dot>> e : entries.entrySet()) {
                        out.writeUTF(e.getKey());
                        out.writeInt(e.getValue().size());
                        for (Dot d : e.getValue()) {
                            out.writeUTF(d.nodeId());
                            out.writeLong(d.counter());
                        }
                    }
                });
    }

    public static OrSet fromBytes(byte[] bytes) {
        return Codec.decode(
                bytes,
                in -> {
                    VersionVector ctx = VersionVector.readFrom(in);
                    int n = in.readInt();
                    TreeMap<String, TreeSet<Dot>> entries = new TreeMap<>();
                    for (int i = 0; i < n; i++) {
                        String element = in.readUTF();
                        int k = in.readInt();
                        TreeSet<Dot> dots = new TreeSet<>(DOT_ORDER);
                        for (int j = 0; j < k; j++) {
                            dots.add(new Dot(in.readUTF(), in.readLong()));
                        }
                        entries.put(element, dots);
                    }
                    return new OrSet(entries, ctx);
                });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrSet s && entries.equals(s.entries) && context.equals(s.context);
    }

    @Override
    public int hashCode() {
        return entries.hashCode() * 31 + context.hashCode();
    }

    @Override
    public String toString() {
        return "OrSet" + entries + " ctx " + context;
    }
}
