package io.edgeflow.state;

import io.edgeflow.protocol.Frame;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for decoded frames, backed by {@link FrameSerializer}. */
public final class FrameTypeInfo extends TypeInformation<Frame> {
    public static final FrameTypeInfo INSTANCE = new FrameTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Frame> getTypeClass() {
        return Frame.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Frame> createSerializer(SerializerConfig config) {
        return FrameSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "Frame(protocol v1)";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FrameTypeInfo;
    }

    @Override
    public int hashCode() {
        return FrameTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof FrameTypeInfo;
    }
}
