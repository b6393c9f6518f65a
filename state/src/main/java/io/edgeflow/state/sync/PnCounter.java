package io.edgeflow.state.sync;

import java.util.Map;
import java.util.TreeMap;

/**
 * A counter that goes up and down: per node, the total it added and the total it subtracted; the
 * value is their difference summed over nodes. Merge takes each node's maxima.
 */
public final class PnCounter implements Crdt<PnCounter> {

    public static final PnCounter EMPTY = new PnCounter(new TreeMap<>(), new TreeMap<>());

    private final TreeMap<String, Long> added;
    private final TreeMap<String, Long> subtracted;

    private PnCounter(TreeMap<String, Long> added, TreeMap<String, Long> subtracted) {
        this.added = added;
        this.subtracted = subtracted;
    }

    /** This counter after {@code nodeId} adds {@code delta} (negative to subtract). */
    public PnCounter add(String nodeId, long delta) {
        TreeMap<String, Long> a = new TreeMap<>(added);
        TreeMap<String, Long> s = new TreeMap<>(subtracted);
        if (delta >= 0) {
            a.merge(nodeId, delta, Long::sum);
        } else {
            s.merge(nodeId, -delta, Long::sum);
        }
        return new PnCounter(a, s);
    }

    public long value() {
        long v = 0;
        for (long x : added.values()) {
            v += x;
        }
        for (long x : subtracted.values()) {
            v -= x;
        }
        return v;
    }

    @Override
    public PnCounter merge(PnCounter other) {
        TreeMap<String, Long> a = new TreeMap<>(added);
        other.added.forEach((k, v) -> a.merge(k, v, Math::max));
        TreeMap<String, Long> s = new TreeMap<>(subtracted);
        other.subtracted.forEach((k, v) -> s.merge(k, v, Math::max));
        return new PnCounter(a, s);
    }

    @Override
    public byte[] toBytes() {
        return Codec.encode(
                out -> {
                    for (Map<String, Long> m : java.util.List.of(added, subtracted)) {
                        out.writeInt(m.size());
                        for (Map.Entry<String, Long> e : m.entrySet()) {
                            out.writeUTF(e.getKey());
                            out.writeLong(e.getValue());
                        }
                    }
                });
    }

    public static PnCounter fromBytes(byte[] bytes) {
        return Codec.decode(
                bytes,
                in -> {
                    TreeMap<String, Long> a = new TreeMap<>();
                    TreeMap<String, Long> s = new TreeMap<>();
                    for (TreeMap<String, Long> m : java.util.List.of(a, s)) {
                        int n = in.readInt();
                        for (int i = 0; i < n; i++) {
                            m.put(in.readUTF(), in.readLong());
                        }
                    }
                    return new PnCounter(a, s);
                });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PnCounter c && added.equals(c.added) && subtracted.equals(c.subtracted);
    }

    @Override
    public int hashCode() {
        return added.hashCode() * 31 + subtracted.hashCode();
    }
}
