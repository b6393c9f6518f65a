package io.edgeflow.jobs.demo;

import io.edgeflow.protocol.DecodeError.Reason;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Pose2;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Deliberately broken frames, one per way a frame can go wrong on a real link or from a buggy
 * producer. The demo sends them to show the dead-letter path; tests send them to check that each
 * lands in the DLQ with the right reason and that the job keeps running.
 */
public final class CorruptFrames {

    /** A corrupt frame and the reason a correct decoder must give for it. */
    public record CorruptFrame(Reason expected, String description, byte[] bytes) {}

    private CorruptFrames() {}

    /**
     * @param maxPayloadBytes the consuming job's limit, so the oversize frame exceeds it by one
     *     byte
     */
    public static List<CorruptFrame> oneOfEach(String nodeName, long seq, int maxPayloadBytes) {
        int node = NodeId.of(nodeName);
        FrameCodec codec = new FrameCodec(Integer.MAX_VALUE);
        byte[] good = codec.encode(node, scan(seq, 180));
        List<CorruptFrame> out = new ArrayList<>();

        byte[] flipped = good.clone();
        flipped[40] ^= 0x10;
        out.add(new CorruptFrame(Reason.CRC_MISMATCH, "one bit flipped in the payload", flipped));

        out.add(
                new CorruptFrame(
                        Reason.TRUNCATED,
                        "cut short in transit",
                        Arrays.copyOf(good, good.length - 100)));

        byte[] magic = good.clone();
        magic[0] = 0x7b; // '{': a JSON producer on the wrong topic
        out.add(new CorruptFrame(Reason.BAD_MAGIC, "not an edgeflow frame", magic));

        byte[] version = good.clone();
        version[1] = 9;
        out.add(
                new CorruptFrame(
                        Reason.UNSUPPORTED_VERSION,
                        "from a future protocol version",
                        resealed(version)));

        int length = maxPayloadBytes + 1;
        byte[] oversize = Arrays.copyOf(good, FrameCodec.HEADER_BYTES + length);
        for (int i = 0; i < 4; i++) {
            oversize[4 + i] = (byte) (length >>> (8 * i));
        }
        out.add(
                new CorruptFrame(
                        Reason.OVERSIZE, "payload above the job's limit", resealed(oversize)));

        byte[] type = good.clone();
        type[2] = 99;
        out.add(new CorruptFrame(Reason.UNKNOWN_TYPE, "unknown message type", resealed(type)));

        byte[] nan = good.clone();
        // sensor_pose.x sits after seq, timestamp and four floats: payload offset 32.
        long nanBits = Double.doubleToRawLongBits(Double.NaN);
        for (int i = 0; i < 8; i++) {
            nan[FrameCodec.HEADER_BYTES + 32 + i] = (byte) (nanBits >>> (8 * i));
        }
        out.add(new CorruptFrame(Reason.INVALID_PAYLOAD, "NaN in the sensor pose", resealed(nan)));

        byte[] flags = good.clone();
        flags[3] = (byte) 0x80;
        out.add(
                new CorruptFrame(
                        Reason.UNSUPPORTED_FLAGS, "reserved flag bit set", resealed(flags)));
        return out;
    }

    private static LaserScan scan(long seq, int beams) {
        float[] ranges = new float[beams];
        Arrays.fill(ranges, 2.5f);
        return new LaserScan(
                seq,
                1_000_000L * seq,
                (float) (-Math.PI / 2),
                (float) (Math.PI / beams),
                0.01f,
                80f,
                Pose2.ORIGIN,
                Pose2.ORIGIN,
                ranges);
    }

    /** Recomputes the CRC so the damage is caught by the check meant for it, not by the CRC. */
    private static byte[] resealed(byte[] frame) {
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, 12);
        crc.update(frame, FrameCodec.HEADER_BYTES, frame.length - FrameCodec.HEADER_BYTES);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            frame[12 + i] = (byte) (v >>> (8 * i));
        }
        return frame;
    }
}
