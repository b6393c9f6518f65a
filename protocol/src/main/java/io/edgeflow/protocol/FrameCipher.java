package io.edgeflow.protocol;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of frame payloads with AES-GCM (flags bit 3). The encrypted payload is
 *
 * <pre>
 * offset size field
 *      0    4 key id (little-endian u32): which of the node's keys sealed it
 *      4   12 nonce (random per frame)
 *     16    n ciphertext of the payload as the codec bits describe it (compressed, if so)
 *   16+n   16 GCM tag
 * </pre>
 *
 * The additional authenticated data is header bytes 0..11 (magic, version, type, flags, length,
 * node id) plus the key id: a flipped bit anywhere but the CRC field, a frame replayed under
 * another node's id, or a wrong key all fail the tag. Random 96-bit nonces are safe for well beyond
 * 2^32 frames per key only if keys rotate before that; the agent rotates far earlier.
 */
public final class FrameCipher {
    public static final int KEY_ID_BYTES = 4;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    public static final int OVERHEAD = KEY_ID_BYTES + NONCE_BYTES + TAG_BYTES;

    private FrameCipher() {}

    /**
     * Returns {@code frame} with its payload encrypted under {@code key}: same type, node id and
     * codec, flags bit 3 set, new length and CRC.
     *
     * @throws IllegalArgumentException if {@code frame} is not a well-formed unencrypted frame
     */
    public static byte[] seal(byte[] frame, int keyId, byte[] key, SecureRandom random) {
        if (frame.length < FrameCodec.HEADER_BYTES) {
            throw new IllegalArgumentException("not a frame: " + frame.length + " bytes");
        }
        int flags = frame[3] & 0xff;
        if ((flags & FrameCodec.FLAG_ENCRYPTED) != 0) {
            throw new IllegalArgumentException("frame is already encrypted");
        }
        int plainLength = FrameCodec.getInt(frame, 4);
        if (plainLength != frame.length - FrameCodec.HEADER_BYTES) {
            throw new IllegalArgumentException(
                    "frame of " + frame.length + " bytes announces payload " + plainLength);
        }
        byte[] out = new byte[FrameCodec.HEADER_BYTES + plainLength + OVERHEAD];
        System.arraycopy(frame, 0, out, 0, 12);
        out[3] = (byte) (flags | FrameCodec.FLAG_ENCRYPTED);
        FrameCodec.putInt(out, 4, plainLength + OVERHEAD);
        int p = FrameCodec.HEADER_BYTES;
        FrameCodec.putInt(out, p, keyId);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, p + KEY_ID_BYTES, NONCE_BYTES);
        try {
            Cipher gcm = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            gcm.updateAAD(aad(out, keyId));
            gcm.doFinal(
                    frame,
                    FrameCodec.HEADER_BYTES,
                    plainLength,
                    out,
                    p + KEY_ID_BYTES + NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
        FrameCodec.putInt(out, 12, FrameCodec.crc(out, plainLength + OVERHEAD));
        return out;
    }

    /** The key id an encrypted frame names, or empty if it is too short to carry one. */
    public static Optional<Integer> keyId(byte[] frame) {
        if (frame.length < FrameCodec.HEADER_BYTES + KEY_ID_BYTES) {
            return Optional.empty();
        }
        return Optional.of(FrameCodec.getInt(frame, FrameCodec.HEADER_BYTES));
    }

    /** Why an encrypted payload did not open. */
    static final class AuthenticationFailed extends Exception {
        AuthenticationFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Decrypts and verifies the payload of {@code frame} (header already checked: length, CRC).
     *
     * @return the plaintext payload (still compressed if the codec bits say so)
     */
    static byte[] open(byte[] frame, int payloadLength, KeyRing ring) throws AuthenticationFailed {
        if (payloadLength < OVERHEAD) {
            throw new AuthenticationFailed(
                    "encrypted payload of " + payloadLength + " bytes, shorter than " + OVERHEAD);
        }
        int nodeId = FrameCodec.getInt(frame, 8);
        int keyId = FrameCodec.getInt(frame, FrameCodec.HEADER_BYTES);
        byte[] key =
                ring.key(nodeId, keyId)
                        .orElseThrow(
                                () ->
                                        new AuthenticationFailed(
                                                "no key "
                                                        + Integer.toUnsignedString(keyId)
                                                        + " for node "
                                                        + NodeId.hex(nodeId)));
        byte[] nonce = new byte[NONCE_BYTES];
        System.arraycopy(frame, FrameCodec.HEADER_BYTES + KEY_ID_BYTES, nonce, 0, NONCE_BYTES);
        try {
            Cipher gcm = cipher(Cipher.DECRYPT_MODE, key, nonce);
            gcm.updateAAD(aad(frame, keyId));
            int start = FrameCodec.HEADER_BYTES + KEY_ID_BYTES + NONCE_BYTES;
            return gcm.doFinal(frame, start, payloadLength - KEY_ID_BYTES - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailed(
                    "GCM tag mismatch under key "
                            + Integer.toUnsignedString(keyId)
                            + " of node "
                            + NodeId.hex(nodeId)
                            + ": wrong key or modified frame");
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailed("AES-GCM: " + e.getMessage());
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return c;
    }

    private static byte[] aad(byte[] frame, int keyId) {
        byte[] aad = new byte[16];
        System.arraycopy(frame, 0, aad, 0, 12);
        FrameCodec.putInt(aad, 12, keyId);
        return aad;
    }
}
