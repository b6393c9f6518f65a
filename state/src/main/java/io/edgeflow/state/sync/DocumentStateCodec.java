package io.edgeflow.state.sync;

import io.edgeflow.protocol.PayloadReader;
import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;
import io.edgeflow.protocol.PayloadWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of a merged document, as the replicated-state job keeps it in keyed state and publishes
 * it to {@code edgeflow.sync.state} (layout in docs/control-plane.md). Little-endian, strings as in
 * the frame protocol; equal states encode to equal bytes.
 */
public final class DocumentStateCodec {

    /** A decoded document and the strategy its key was merged by. */
    public record Published(String strategy, DocumentState state) {}

    private static final int FORMAT = 1;

    private DocumentStateCodec() {}

    public static byte[] encode(String strategy, DocumentState state) {
        PayloadWriter out = new PayloadWriter(256);
        out.u8(FORMAT).string(state.key()).string(strategy);
        writeVersion(out, state.context());
        List<SyncUpdate> retained = state.retained();
        out.u16(retained.size());
        for (SyncUpdate u : retained) {
            HlcTimestamp stamp = u.stamp();
            out.string(u.nodeId()).i64(stamp.physicalMillis()).i32(stamp.logical());
            writeVersion(out, u.version());
            byte[] value = u.value();
            out.i32(value.length).bytes(value);
        }
        // the visible siblings are always among the retained ones: indexes into them
        out.u16(state.visible().size());
        for (SyncUpdate v : state.visible()) {
            int i = retained.indexOf(v);
            if (i < 0) {
                throw new IllegalArgumentException("visible update not retained: " + v);
            }
            out.u16(i);
        }
        byte[] value = state.value();
        if (value == null) {
            out.i32(-1);
        } else {
            out.i32(value.length).bytes(value);
        }
        return out.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if the bytes are not an encoded document
     */
    public static Published decode(byte[] bytes) {
        try {
            PayloadReader in = new PayloadReader(bytes, 0, bytes.length);
            int format = in.u8("format");
            if (format != FORMAT) {
                throw new MalformedPayloadException("format " + format + ", expected " + FORMAT);
            }
            String key = in.string("key");
            String strategy = in.string("strategy");
            VersionVector context = readVersion(in);
            int n = in.u16("retained count");
            List<SyncUpdate> retained = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String node = in.string("node");
                HlcTimestamp stamp =
                        new HlcTimestamp(in.i64("hlc physical"), in.i32("hlc logical"), node);
                VersionVector version = readVersion(in);
                byte[] value = in.bytes(in.i32("value length"), "value");
                retained.add(new SyncUpdate(key, stamp, version, value, node));
            }
            int v = in.u16("visible count");
            List<SyncUpdate> visible = new ArrayList<>(v);
            for (int i = 0; i < v; i++) {
                int index = in.u16("visible index");
                if (index >= retained.size()) {
                    throw new MalformedPayloadException("visible index " + index + " not retained");
                }
                visible.add(retained.get(index));
            }
            int length = in.i32("value length");
            byte[] value = length < 0 ? null : in.bytes(length, "value");
            in.expectEnd();
            return new Published(
                    strategy, new DocumentState(key, context, retained, visible, value));
        } catch (MalformedPayloadException e) {
            throw new IllegalArgumentException("not a merged document: " + e.getMessage(), e);
        }
    }

    private static void writeVersion(PayloadWriter out, VersionVector v) {
        out.u16(v.asMap().size());
        v.asMap()
                .forEach(
                        (node, n) -> {
                            out.string(node).i64(n);
                        });
    }

    private static VersionVector readVersion(PayloadReader in) throws MalformedPayloadException {
        int n = in.u16("version count");
        Map<String, Long> counters = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String node = in.string("version node");
            long counter = in.i64("version counter");
            if (counter < 1) {
                throw new MalformedPayloadException("version counter " + counter + " < 1");
            }
            counters.put(node, counter);
        }
        return VersionVector.of(counters);
    }
}
