package io.edgeflow.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.DecodeError.Reason;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameCipherTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final int NODE = NodeId.of("robot-1");
    static final byte[] KEY_1 = key(1);
    static final byte[] KEY_2 = key(2);
    static final KeyRing RING = KeyRing.empty().with(NODE, 1, KEY_1).with(NODE, 2, KEY_2);

    static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    static Odometry odometry(long seq) {
        return new Odometry(seq, 1_000_000 + seq, new Pose2(1, 2, 0.5), 0.3, 0.01);
    }

    @Test
    void sealedFramesDecodeToTheSameMessageUnderEveryKeyOfTheRing() {
        FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES, RING);
        for (Compression c : Compression.values()) {
            byte[] plain = codec.encode(NODE, odometry(7), c);
            for (int keyId : new int[] {1, 2}) {
                byte[] sealed = FrameCipher.seal(plain, keyId, keyId == 1 ? KEY_1 : KEY_2, RANDOM);
                assertThat(sealed.length).isEqualTo(plain.length + FrameCipher.OVERHEAD);
                assertThat(FrameCipher.keyId(sealed)).contains(keyId);
                DecodeResult r = codec.decode(sealed);
                assertThat(r).isInstanceOf(Frame.class);
                assertThat(((Frame) r).message()).isEqualTo(odometry(7));
                assertThat(((Frame) r).compression()).isEqualTo(c);
            }
        }
    }

    @Test
    void everyFlippedByteWithARepairedCrcFailsAuthentication() {
        FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES, RING);
        byte[] sealed = FrameCipher.seal(codec.encode(NODE, odometry(3)), 1, KEY_1, RANDOM);
        for (int i = FrameCodec.HEADER_BYTES; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            FrameCodec.putInt(tampered, 12, FrameCodec.crc(tampered, tampered.length - 16));
            DecodeResult r = codec.decode(tampered);
            assertThat(r).as("byte %d flipped", i).isInstanceOf(DecodeError.class);
            assertThat(((DecodeError) r).reason()).as("byte %d", i).isEqualTo(Reason.AUTH_FAILED);
        }
        // A flipped byte without a repaired CRC is caught by the CRC first.
        byte[] flipped = sealed.clone();
        flipped[sealed.length - 1] ^= 0x40;
        assertThat(((DecodeError) codec.decode(flipped)).reason()).isEqualTo(Reason.CRC_MISMATCH);
    }

    @Test
    void wrongKeyUnknownKeyIdAndAnotherNodesIdFailAuthentication() {
        FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES, RING);
        byte[] plain = codec.encode(NODE, odometry(1));
        byte[] wrongKey = FrameCipher.seal(plain, 1, KEY_2, RANDOM);
        byte[] unknownId = FrameCipher.seal(plain, 9, KEY_1, RANDOM);
        byte[] otherNode =
                FrameCipher.seal(codec.encode(NodeId.of("robot-2"), odometry(1)), 1, KEY_1, RANDOM);
        for (byte[] f : new byte[][] {wrongKey, unknownId, otherNode}) {
            DecodeResult r = codec.decode(f);
            assertThat(r).isInstanceOf(DecodeError.class);
            assertThat(((DecodeError) r).reason()).isEqualTo(Reason.AUTH_FAILED);
        }
        assertThat(((DecodeError) codec.decode(unknownId)).detail()).contains("no key 9");
    }

    @Test
    void aCodecWithoutKeyRingRejectsEncryptedFramesAsUnsupportedFlags() {
        byte[] sealed =
                FrameCipher.seal(new FrameCodec().encode(NODE, odometry(1)), 1, KEY_1, RANDOM);
        DecodeResult r = new FrameCodec().decode(sealed);
        assertThat(((DecodeError) r).reason()).isEqualTo(Reason.UNSUPPORTED_FLAGS);
    }

    @Test
    void keyRingTextFormRejectsBadLinesByLineNumber() {
        String good = java.util.Base64.getEncoder().encodeToString(KEY_1);
        KeyRing ring =
                KeyRing.of(KeyRing.parse(java.util.List.of("# fleet", "robot-1 5 " + good), "k"));
        assertThat(ring.key(NODE, 5)).hasValueSatisfying(k -> assertThat(k).isEqualTo(KEY_1));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> KeyRing.parse(java.util.List.of("", "robot-1 5 AAAA"), "keys.txt"))
                .hasMessageContaining("keys.txt:2")
                .hasMessageContaining("16 or 32 bytes");
    }
}
