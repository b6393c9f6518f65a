package io.edgeflow.state.sync;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A map whose fields are last-writer-wins registers ordered by HLC stamp; a removal is a stamped
 * tombstone so it wins over older puts that arrive later.
 */
public final class LwwMap implements Crdt<LwwMap> {

    /** A field's newest write; {@code value} null for a removal. */
    public record Entry(HlcTimestamp stamp, byte[] value) {
        public boolean removed() {
            return value == null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && stamp.equals(e.stamp) && Arrays.equals(value, e.value);
        }

        @Override
        public int hashCode() {
            return stamp.hashCode() * 31 + Arrays.hashCode(value);
        }
    }

    public static final LwwMap EMPTY = new LwwMap(new TreeMap<>());

    private final TreeMap<String, Entry> fields;

    private LwwMap(TreeMap<String, Entry> fields) {
        this.fields = fields;
    }

    public LwwMap put(String field, byte[] value, HlcTimestamp stamp) {
        return write(field, new Entry(stamp, value.clone()));
    }

    public LwwMap remove(String field, HlcTimestamp stamp) {
        return write(field, new Entry(stamp, null));
    }

    private LwwMap write(String field, Entry entry) {
        TreeMap<String, Entry> next = new TreeMap<>(fields);
        next.merge(field, entry, LwwMap::newer);
        return new LwwMap(next);
    }

    private static Entry newer(Entry a, Entry b) {
        return b.stamp.isAfter(a.stamp) ? b : a;
    }

    public Optional<byte[]> get(String field) {
        Entry e = fields.get(field);
        return e == null || e.removed() ? Optional.empty() : Optional.of(e.value.clone());
    }

    /** Live fields and their values. */
    public Map<String, byte[]> asMap() {
        TreeMap<String, byte[]> live = new TreeMap<>();
        fields.forEach(
                (k, e) -> {
                    if (!e.removed()) {
                        live.put(k, e.value.clone());
                    }
                });
        return live;
    }

    @Override
    public LwwMap merge(LwwMap other) {
        TreeMap<String, Entry> next = new TreeMap<>(fields);
        other.fields.forEach((k, e) -> next.merge(k, e, LwwMap::newer));
        return new LwwMap(next);
    }

    @Override
    public byte[] toBytes() {
        return Codec.encode(
                out -> {
                    out.writeInt(fields.size());
                    for (Map.Entry<String, Entry> f : fields.entrySet()) {
                        out.writeUTF(f.getKey());
                        f.getValue().stamp.writeTo(out);
                        byte[] v = f.getValue().value;
                        out.writeInt(v == null ? -1 : v.length);
                        if (v != null) {
                            out.write(v);
                        }
                    }
                });
    }

    public static LwwMap fromBytes(byte[] bytes) {
        return Codec.decode(
                bytes,
                in -> {
                    int n = in.readInt();
                    TreeMap<String, Entry> fields = new TreeMap<>();
                    for (int i = 0; i < n; i++) {
                        String name = in.readUTF();
                        HlcTimestamp stamp = HlcTimestamp.readFrom(in);
                        int len = in.readInt();
                        byte[] v = null;
                        if (len >= 0) {
                            v = new byte[len];
                            in.readFully(v);
                        }
                        fields.put(name, new Entry(stamp, v));
                    }
                    return new LwwMap(fields);
                });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LwwMap m && fields.equals(m.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }
}
