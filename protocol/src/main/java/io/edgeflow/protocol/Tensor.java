package io.edgeflow.protocol;

import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * A tensor or encoded image on the wire: element type, shape and the bytes. RAW data is the
 * elements in row-major order, little-endian; PNG/JPEG data is a compressed image whose shape field
 * gives the decoded [height, width, channels].
 *
 * <pre>
 * u8 encoding, u8 dtype, u8 rank, rank × i32 dims, i32 byte length, bytes
 * </pre>
 */
public record Tensor(Encoding encoding, DType dtype, int[] shape, byte[] data) {

    public static final int MAX_RANK = 8;

    /** How {@link #data} is laid out; codes are part of the wire format. */
    public enum Encoding {
        RAW(0),
        PNG(1),
        JPEG(2);

        private final int code;

        Encoding(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Optional<Encoding> ofCode(int code) {
            return Arrays.stream(values()).filter(e -> e.code == code).findFirst();
        }
    }

    /** Element types; UTF8 is a text output whose shape is its byte length. */
    public enum DType {
        FLOAT32(0, 4),
        UINT8(1, 1),
        INT32(2, 4),
        INT64(3, 8),
        UTF8(4, 1);

        private final int code;
        private final int bytes;

        DType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        public int code() {
            return code;
        }

        public int bytes() {
            return bytes;
        }

        static Optional<DType> ofCode(int code) {
            return Arrays.stream(values()).filter(d -> d.code == code).findFirst();
        }
    }

    public static Tensor floats(int[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new Tensor(Encoding.RAW, DType.FLOAT32, shape, b.array());
    }

    public static Tensor bytes(int[] shape, byte[] values) {
        return new Tensor(Encoding.RAW, DType.UINT8, shape, values);
    }

    public static Tensor text(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new Tensor(Encoding.RAW, DType.UTF8, new int[] {b.length}, b);
    }

    /** The elements of a RAW FLOAT32 tensor. */
    public float[] asFloats() {
        if (encoding != Encoding.RAW || dtype != DType.FLOAT32) {
            throw new IllegalStateException("not a raw float32 tensor: " + encoding + "/" + dtype);
        }
        float[] out = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    public String asText() {
        if (dtype != DType.UTF8) {
            throw new IllegalStateException("not a text tensor: " + dtype);
        }
        return new String(data, java.nio.charset.StandardCharsets.UTF_8);
    }

    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    void writeTo(PayloadWriter out) {
        out.u8(encoding.code()).u8(dtype.code()).u8(shape.length);
        for (int d : shape) {
            out.i32(d);
        }
        out.i32(data.length);
        out.bytes(data);
    }

    static Tensor read(PayloadReader in, String what) throws MalformedPayloadException {
        int e = in.u8(what + ".encoding");
        Encoding encoding =
                Encoding.ofCode(e)
                        .orElseThrow(
                                () ->
                                        new MalformedPayloadException(
                                                what + ": unknown encoding " + e));
        int d = in.u8(what + ".dtype");
        DType dtype =
                DType.ofCode(d)
                        .orElseThrow(
                                () -> new MalformedPayloadException(what + ": unknown dtype " + d));
        int rank = in.u8(what + ".rank");
        if (rank > MAX_RANK) {
            throw new MalformedPayloadException(what + ": rank " + rank + " > " + MAX_RANK);
        }
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = in.i32(what + ".shape");
        }
        int length = in.i32(what + ".length");
        if (length < 0 || length > in.remaining()) {
            throw new MalformedPayloadException(
                    what + ": byte length " + Integer.toUnsignedString(length) + " does not fit");
        }
        return new Tensor(encoding, dtype, shape, in.bytes(length, what + ".data"));
    }

    /** Null when consistent, else why not. */
    String invalidReason() {
        if (shape.length > MAX_RANK) {
            return "rank " + shape.length + " > " + MAX_RANK;
        }
        for (int d : shape) {
            if (d < 0) {
                return "negative dimension " + d;
            }
        }
        if (encoding == Encoding.RAW) {
            if (elementCount() * dtype.bytes() != data.length) {
                return "shape "
                        + Arrays.toString(shape)
                        + " of "
                        + dtype
                        + " needs "
                        + elementCount() * dtype.bytes()
                        + " bytes, got "
                        + data.length;
            }
        } else if (dtype != DType.UINT8 || shape.length != 3) {
            return encoding + " images are UINT8 with shape [height, width, channels]";
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t
                && encoding == t.encoding
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor[" + encoding + " " + dtype + " " + Arrays.toString(shape) + "]";
    }
}
