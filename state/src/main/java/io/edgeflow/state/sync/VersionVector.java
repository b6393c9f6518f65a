package io.edgeflow.state.sync;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable version vector: per node, how many of its events are included. Entries are kept
 * sorted so equal vectors encode to equal bytes.
 */
public final class VersionVector {

    public static final VersionVector EMPTY = new VersionVector(new TreeMap<>());

    private final SortedMap<String, Long> counters;

    private VersionVector(SortedMap<String, Long> counters) {
        this.counters = counters;
    }

    public static VersionVector of(Map<String, Long> counters) {
        TreeMap<String, Long> copy = new TreeMap<>();
        counters.forEach(
                (k, v) -> {
                    if (v < 0) {
                        throw new IllegalArgumentException("negative counter for " + k);
                    }
                    if (v > 0) {
                        copy.put(k, v);
                    }
                });
        return new VersionVector(copy);
    }

    public long get(String nodeId) {
        return counters.getOrDefault(nodeId, 0L);
    }

    public Map<String, Long> asMap() {
        return Collections.unmodifiableMap(counters);
    }

    /** This vector with one more event of {@code nodeId}. */
    public VersionVector increment(String nodeId) {
        TreeMap<String, Long> next = new TreeMap<>(counters);
        next.merge(nodeId, 1L, Long::sum);
        return new VersionVector(next);
    }

    /** The least vector that includes both. */
    public VersionVector merge(VersionVector other) {
        TreeMap<String, Long> next = new TreeMap<>(counters);
        other.counters.forEach((k, v) -> next.merge(k, v, Math::max));
        return new VersionVector(next);
    }

    /** True if this vector has seen every event the other has (this >= other). */
    public boolean descends(VersionVector other) {
        for (Map.Entry<String, Long> e : other.counters.entrySet()) {
            if (get(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** True if the vector includes the dot. */
    public boolean covers(Dot dot) {
        return get(dot.nodeId()) >= dot.counter();
    }

    public Causality compare(VersionVector other) {
        boolean geq = descends(other);
        boolean leq = other.descends(this);
        if (geq && leq) {
            return Causality.EQUAL;
        }
        if (geq) {
            return Causality.AFTER;
        }
        return leq ? Causality.BEFORE : Causality.CONCURRENT;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(counters.size());
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    static VersionVector readFrom(DataInput in) throws IOException {
        int n = in.readInt();
        TreeMap<String, Long> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readUTF(), in.readLong());
        }
        return new VersionVector(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector v && counters.equals(v.counters);
    }

    @Override
    public int hashCode() {
        return counters.hashCode();
    }

    @Override
    public String toString() {
        return counters.toString();
    }
}
