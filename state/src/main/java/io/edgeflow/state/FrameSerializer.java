package io.edgeflow.state;

import io.edgeflow.protocol.Compression;
import io.edgeflow.protocol.DecodeError;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes decoded frames between Flink operators and into state with the wire codec itself: a
 * length prefix, then the uncompressed protocol frame. Compact (no class names, unlike Kryo), and
 * its format evolves with the protocol's version byte.
 */
public final class FrameSerializer extends TypeSerializer<Frame> {
    public static final FrameSerializer INSTANCE = new FrameSerializer();

    // Frames inside the job were already bounded at decode time.
    private static final FrameCodec CODEC = new FrameCodec(Integer.MAX_VALUE);

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<Frame> duplicate() {
        return this;
    }

    @Override
    public Frame createInstance() {
        return null;
    }

    @Override
    public Frame copy(Frame from) {
        return from;
    }

    @Override
    public Frame copy(Frame from, Frame reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Frame frame, DataOutputView target) throws IOException {
        byte[] bytes = CODEC.encode(frame.nodeId(), frame.message(), Compression.NONE);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public Frame deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        DecodeResult r = CODEC.decode(bytes);
        if (r instanceof DecodeError e) {
            throw new IOException("corrupt serialized frame: " + e.reason() + " " + e.detail());
        }
        Frame f = (Frame) r;
        return new Frame(f.nodeId(), Compression.NONE, f.message());
    }

    @Override
    public Frame deserialize(Frame reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int n = source.readInt();
        target.writeInt(n);
        target.write(source, n);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FrameSerializer;
    }

    @Override
    public int hashCode() {
        return FrameSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Frame> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1: the protocol v1 frame with a 4-byte length prefix. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Frame> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
