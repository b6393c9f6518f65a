package io.edgeflow.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Little-endian payload writer with a growable buffer. */
public final class PayloadWriter {
    private byte[] buf;
    private int pos;

    public PayloadWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    public PayloadWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public PayloadWriter u16(int v) {
        ensure(2);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        return this;
    }

    public PayloadWriter i32(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public PayloadWriter i64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public PayloadWriter f32(float v) {
        return i32(Float.floatToRawIntBits(v));
    }

    public PayloadWriter f64(double v) {
        return i64(Double.doubleToRawLongBits(v));
    }

    public PayloadWriter pose(Pose2 p) {
        return f64(p.x()).f64(p.y()).f64(p.theta());
    }

    /** A string: u16 byte length, then UTF-8 bytes. */
    public PayloadWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("string longer than 65535 UTF-8 bytes");
        }
        u16(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    public PayloadWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    public int size() {
        return pos;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
