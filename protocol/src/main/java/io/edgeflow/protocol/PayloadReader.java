package io.edgeflow.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian payload reader over untrusted bytes. Every read is bounds-checked and throws {@link
 * MalformedPayloadException} (never an unchecked runtime error) so the decoder can turn it into a
 * typed error.
 */
public final class PayloadReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    public PayloadReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    private void need(int n, String what) throws MalformedPayloadException {
        if (n < 0 || end - pos < n) {
            throw new MalformedPayloadException("payload ends inside " + what);
        }
    }

    public int u8(String what) throws MalformedPayloadException {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    public int u16(String what) throws MalformedPayloadException {
        need(2, what);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    public int i32(String what) throws MalformedPayloadException {
        need(4, what);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (buf[pos + i] & 0xff) << (8 * i);
        }
        pos += 4;
        return v;
    }

    public long i64(String what) throws MalformedPayloadException {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (buf[pos + i] & 0xffL) << (8 * i);
        }
        pos += 8;
        return v;
    }

    public float f32(String what) throws MalformedPayloadException {
        return Float.intBitsToFloat(i32(what));
    }

    public double f64(String what) throws MalformedPayloadException {
        return Double.longBitsToDouble(i64(what));
    }

    public Pose2 pose(String what) throws MalformedPayloadException {
        return new Pose2(f64(what + ".x"), f64(what + ".y"), f64(what + ".theta"));
    }

    public String string(String what) throws MalformedPayloadException {
        int len = u16(what + " length");
        need(len, what);
        try {
            String s =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(buf, pos, len))
                            .toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw new MalformedPayloadException(what + " is not valid UTF-8");
        }
    }

    public byte[] bytes(int n, String what) throws MalformedPayloadException {
        need(n, what);
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** The number of unread bytes; used to bound counts before allocating arrays. */
    public int remaining() {
        return end - pos;
    }

    public void expectEnd() throws MalformedPayloadException {
        if (pos != end) {
            throw new MalformedPayloadException((end - pos) + " trailing bytes after the message");
        }
    }

    /** Thrown for payload bytes that do not form a message of the declared type. */
    public static final class MalformedPayloadException extends Exception {
        public MalformedPayloadException(String message) {
            super(message, null, false, false);
        }
    }
}
