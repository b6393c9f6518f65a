package io.edgeflow.protocol;

import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node's update of one shared document (replicated edge state, see docs/protocol.md): the
 * document key, the writer's hybrid logical clock stamp, its version vector of the key including
 * this write (the entry of the writer is the update's dot, so the vector and the writer together
 * are a dotted version vector), the merge strategy the writer assumes for the key, and the value.
 *
 * @param hlcPhysicalMillis the HLC's wall-clock part, milliseconds since the Unix epoch
 * @param hlcLogical the HLC's logical counter
 * @param version the writer's version vector, entries sorted by node name, counters >= 1
 * @param strategy the key's strategy name as the writer knows it, e.g. {@code lww}; a consumer
 *     whose registry declares another strategy for the key rejects the update
 * @param value the new value (register strategies) or the writer's whole CRDT state
 */
public record SyncUpdateMessage(
        long seq,
        long timestampMicros,
        String key,
        String node,
        long hlcPhysicalMillis,
        int hlcLogical,
        List<VersionEntry> version,
        String strategy,
        byte[] value)
        implements Message {

    /** How many of {@code node}'s writes of the key the writer has seen, its own included. */
    public record VersionEntry(String node, long counter) {}

    public static final int MAX_VERSION_ENTRIES = 65_535;

    public SyncUpdateMessage {
        version = List.copyOf(version);
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.SYNC_UPDATE;
    }

    @Override
    public void writeTo(PayloadWriter out) {
        out.i64(seq).i64(timestampMicros).string(key).string(node);
        out.i64(hlcPhysicalMillis).i32(hlcLogical);
        out.u16(version.size());
        for (VersionEntry e : version) {
            out.string(e.node()).i64(e.counter());
        }
        out.string(strategy);
        out.i32(value.length).bytes(value);
    }

    static SyncUpdateMessage read(PayloadReader in) throws MalformedPayloadException {
        long seq = in.i64("seq");
        long ts = in.i64("timestamp");
        String key = in.string("key");
        String node = in.string("node");
        long physical = in.i64("hlc physical");
        int logical = in.i32("hlc logical");
        int n = in.u16("version entry count");
        List<VersionEntry> version = new ArrayList<>(Math.min(n, in.remaining() / 10));
        for (int i = 0; i < n; i++) {
            version.add(new VersionEntry(in.string("version node"), in.i64("version counter")));
        }
        String strategy = in.string("strategy");
        int length = in.i32("value length");
        if (length < 0) {
            throw new MalformedPayloadException("value length " + length + " is negative");
        }
        byte[] value = in.bytes(length, "value");
        return new SyncUpdateMessage(
                seq, ts, key, node, physical, logical, version, strategy, value);
    }

    @Override
    public String invalidReason() {
        if (seq < 0) {
            return "negative seq";
        }
        if (key.isEmpty() || node.isEmpty() || strategy.isEmpty()) {
            return "key, node and strategy must not be empty";
        }
        if (hlcPhysicalMillis < 0 || hlcLogical < 0) {
            return "hlc stamp must not be negative";
        }
        if (version.size() > MAX_VERSION_ENTRIES) {
            return "more than " + MAX_VERSION_ENTRIES + " version entries";
        }
        boolean countsThisWrite = false;
        for (int i = 0; i < version.size(); i++) {
            VersionEntry e = version.get(i);
            if (e.counter() < 1) {
                return "version counter of " + e.node() + " must be >= 1";
            }
            if (i > 0 && version.get(i - 1).node().compareTo(e.node()) >= 0) {
                return "version entries must be sorted by node, without repeats";
            }
            countsThisWrite |= e.node().equals(node);
        }
        if (!countsThisWrite) {
            return "version has no entry for the writer " + node;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncUpdateMessage m
                && seq == m.seq
                && timestampMicros == m.timestampMicros
                && key.equals(m.key)
                && node.equals(m.node)
                && hlcPhysicalMillis == m.hlcPhysicalMillis
                && hlcLogical == m.hlcLogical
                && version.equals(m.version)
                && strategy.equals(m.strategy)
                && Arrays.equals(value, m.value);
    }

    @Override
    public int hashCode() {
        return (key.hashCode() * 31 + node.hashCode()) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "SyncUpdateMessage["
                + key
                + " by "
                + node
                + " @"
                + hlcPhysicalMillis
                + "."
                + hlcLogical
                + " "
                + version
                + " "
                + strategy
                + " "
                + value.length
                + " bytes]";
    }
}
