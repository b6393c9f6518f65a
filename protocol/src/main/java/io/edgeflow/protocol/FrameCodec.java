package io.edgeflow.protocol;

import io.edgeflow.protocol.DecodeError.Reason;
import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Encodes and decodes protocol v1 frames (see docs/protocol.md). A frame is a 16-byte little-endian
 * header followed by the payload:
 *
 * <pre>
 * offset size field
 *      0    1 magic 0xEF
 *      1    1 version (1)
 *      2    1 message type
 *      3    1 flags: bits 0-2 compression codec, bit 3 encrypted, bits 4-7 zero
 *      4    4 payload length in bytes (as on the wire, after compression)
 *      8    4 source node id (FNV-1a 32 of the node name)
 *     12    4 CRC32C over bytes 0..11 and the payload
 * </pre>
 *
 * Decoding never throws on bad bytes: it returns a {@link DecodeError}. Instances are immutable and
 * thread-safe.
 *
 * <p>An encrypted payload (flags bit 3, layout in {@link FrameCipher}) is decrypted and verified
 * only by a codec given a {@link KeyRing}; a failed verification is {@link
 * DecodeError.Reason#AUTH_FAILED}. Without a ring such frames are {@code UNSUPPORTED_FLAGS}.
 */
public final class FrameCodec {
    public static final int HEADER_BYTES = 16;
    public static final int MAGIC = 0xEF;
    public static final int VERSION = 1;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;

    static final int FLAG_CODEC_MASK = 0x07;
    static final int FLAG_ENCRYPTED = 0x08;

    private final int maxPayloadBytes;
    private final KeyRing keyRing;

    public FrameCodec() {
        this(DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public FrameCodec(int maxPayloadBytes) {
        this(maxPayloadBytes, null);
    }

    /**
     * @param maxPayloadBytes the largest payload accepted, before and after decompression
     * @param keyRing the keys to verify encrypted frames with, or null to reject them
     */
    public FrameCodec(int maxPayloadBytes, KeyRing keyRing) {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be > 0");
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.keyRing = keyRing;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    public byte[] encode(int nodeId, Message message) {
        return encode(nodeId, message, Compression.NONE);
    }

    /**
     * @throws IllegalArgumentException if the message violates its invariants or its payload
     *     exceeds the maximum: producers fail loudly, consumers never do
     */
    public byte[] encode(int nodeId, Message message, Compression compression) {
        String invalid = message.invalidReason();
        if (invalid != null) {
            throw new IllegalArgumentException("invalid " + message.type() + ": " + invalid);
        }
        PayloadWriter w = new PayloadWriter(256);
        message.writeTo(w);
        byte[] payload = w.toByteArray();
        if (payload.length > maxPayloadBytes) {
            throw new IllegalArgumentException(
                    "payload of " + payload.length + " bytes exceeds max " + maxPayloadBytes);
        }
        if (compression == Compression.DEFLATE) {
            payload = deflate(payload);
        }
        byte[] frame = new byte[HEADER_BYTES + payload.length];
        frame[0] = (byte) MAGIC;
        frame[1] = (byte) VERSION;
        frame[2] = (byte) message.type().code();
        frame[3] = (byte) compression.code();
        putInt(frame, 4, payload.length);
        putInt(frame, 8, nodeId);
        System.arraycopy(payload, 0, frame, HEADER_BYTES, payload.length);
        putInt(frame, 12, crc(frame, payload.length));
        return frame;
    }

    public DecodeResult decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            return new DecodeError(
                    Reason.TRUNCATED,
                    (bytes == null ? 0 : bytes.length) + " bytes, shorter than the 16-byte header");
        }
        if ((bytes[0] & 0xff) != MAGIC) {
            return new DecodeError(
                    Reason.BAD_MAGIC,
                    String.format("magic 0x%02x, expected 0x%02x", bytes[0] & 0xff, MAGIC));
        }
        if ((bytes[1] & 0xff) != VERSION) {
            return new DecodeError(
                    Reason.UNSUPPORTED_VERSION,
                    "version " + (bytes[1] & 0xff) + ", this decoder reads " + VERSION);
        }
        long payloadLength = getInt(bytes, 4) & 0xffffffffL;
        if (payloadLength > maxPayloadBytes) {
            return new DecodeError(
                    Reason.OVERSIZE,
                    "payload length " + payloadLength + " exceeds max " + maxPayloadBytes);
        }
        long expected = HEADER_BYTES + payloadLength;
        if (bytes.length < expected) {
            return new DecodeError(
                    Reason.TRUNCATED, bytes.length + " bytes, header announces " + expected);
        }
        if (bytes.length > expected) {
            return new DecodeError(
                    Reason.LENGTH_MISMATCH, bytes.length + " bytes, header announces " + expected);
        }
        int storedCrc = getInt(bytes, 12);
        int actualCrc = crc(bytes, (int) payloadLength);
        if (storedCrc != actualCrc) {
            return new DecodeError(
                    Reason.CRC_MISMATCH,
                    String.format("crc32c 0x%08x, computed 0x%08x", storedCrc, actualCrc));
        }
        int typeCode = bytes[2] & 0xff;
        MessageType type =
                MessageType.ofCode(typeCode).filter(MessageType::definedInV1).orElse(null);
        if (type == null) {
            return new DecodeError(Reason.UNKNOWN_TYPE, "message type " + typeCode);
        }
        int flags = bytes[3] & 0xff;
        Compression compression = Compression.ofCode(flags & FLAG_CODEC_MASK).orElse(null);
        if (compression == null) {
            return new DecodeError(
                    Reason.UNSUPPORTED_FLAGS,
                    "compression codec " + (flags & FLAG_CODEC_MASK) + " is not supported");
        }
        boolean encrypted = (flags & FLAG_ENCRYPTED) != 0;
        if (encrypted && keyRing == null) {
            return new DecodeError(
                    Reason.UNSUPPORTED_FLAGS,
                    "encrypted payload, but this decoder has no key ring");
        }
        if ((flags & ~(FLAG_CODEC_MASK | FLAG_ENCRYPTED)) != 0) {
            return new DecodeError(
                    Reason.UNSUPPORTED_FLAGS,
                    String.format("reserved flag bits set: 0x%02x", flags));
        }
        byte[] payload = bytes;
        int offset = HEADER_BYTES;
        int length = (int) payloadLength;
        if (encrypted) {
            try {
                payload = FrameCipher.open(bytes, length, keyRing);
            } catch (FrameCipher.AuthenticationFailed e) {
                return new DecodeError(Reason.AUTH_FAILED, e.getMessage());
            }
            offset = 0;
            length = payload.length;
        }
        if (compression == Compression.DEFLATE) {
            try {
                payload = inflate(payload, offset, length);
            } catch (DataFormatException e) {
                return new DecodeError(Reason.INVALID_PAYLOAD, "deflate: " + e.getMessage());
            } catch (PayloadTooLarge e) {
                return new DecodeError(
                        Reason.OVERSIZE, "payload inflates beyond max " + maxPayloadBytes);
            }
            offset = 0;
            length = payload.length;
        }
        int nodeId = getInt(bytes, 8);
        try {
            PayloadReader in = new PayloadReader(payload, offset, length);
            Message message = readMessage(type, in);
            in.expectEnd();
            String invalid = message.invalidReason();
            if (invalid != null) {
                return new DecodeError(Reason.INVALID_PAYLOAD, type + ": " + invalid);
            }
            return new Frame(nodeId, compression, message);
        } catch (MalformedPayloadException e) {
            return new DecodeError(Reason.INVALID_PAYLOAD, type + ": " + e.getMessage());
        }
    }

    private static Message readMessage(MessageType type, PayloadReader in)
            throws MalformedPayloadException {
        return switch (type) {
            case LASER_SCAN -> LaserScan.read(in);
            case ODOMETRY -> Odometry.read(in);
            case HEARTBEAT -> Heartbeat.read(in);
            case POSE_ESTIMATE -> PoseEstimate.read(in);
            case MAP_TILE -> MapTile.read(in);
            case INFERENCE_REQUEST -> InferenceRequest.read(in);
            case INFERENCE_RESULT -> InferenceResult.read(in);
            case SYNC_UPDATE -> SyncUpdateMessage.read(in);
        };
    }

    /** CRC32C over header bytes 0..11 and the payload that follows the header. */
    static int crc(byte[] frame, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, 12);
        crc.update(frame, HEADER_BYTES, payloadLength);
        return (int) crc.getValue();
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 16);
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private byte[] inflate(byte[] src, int offset, int length)
            throws DataFormatException, PayloadTooLarge {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(src, offset, length);
            ByteArrayOutputStream out =
                    new ByteArrayOutputStream(Math.min(maxPayloadBytes, 4 * length + 64));
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("compressed stream ends early");
                }
                if (out.size() + n > maxPayloadBytes) {
                    throw new PayloadTooLarge();
                }
                out.write(chunk, 0, n);
            }
            if (inflater.getRemaining() != 0) {
                throw new DataFormatException(
                        inflater.getRemaining() + " bytes after the stream end");
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static final class PayloadTooLarge extends Exception {
        PayloadTooLarge() {
            super(null, null, false, false);
        }
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xff)
                | (b[at + 1] & 0xff) << 8
                | (b[at + 2] & 0xff) << 16
                | (b[at + 3] & 0xff) << 24;
    }
}
