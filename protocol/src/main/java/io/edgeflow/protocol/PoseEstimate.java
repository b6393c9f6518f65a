package io.edgeflow.protocol;

import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;
import java.util.Optional;

/**
 * A robot pose that an edgeflow job estimated from the frame with sequence number {@code seq} (the
 * payload of edgeflow.poses). {@code processedAtMicros} is the job's wall clock when it emitted the
 * estimate, so consumers can measure frame-to-pose latency.
 */
public record PoseEstimate(
        long seq, long timestampMicros, Source source, Pose2 pose, long processedAtMicros)
        implements Message {

    /** Which estimator produced the pose; codes are part of the wire format. */
    public enum Source {
        DEAD_RECKONING(0),
        LOCAL_SLAM(1),
        GLOBAL_MAP(2);

        private final int code;

        Source(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Optional<Source> ofCode(int code) {
            for (Source s : values()) {
                if (s.code == code) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public MessageType type() {
        return MessageType.POSE_ESTIMATE;
    }

    @Override
    public void writeTo(PayloadWriter out) {
        out.i64(seq).i64(timestampMicros).u8(source.code()).pose(pose).i64(processedAtMicros);
    }

    static PoseEstimate read(PayloadReader in) throws MalformedPayloadException {
        long seq = in.i64("seq");
        long ts = in.i64("timestamp");
        int code = in.u8("source");
        Source source =
                Source.ofCode(code)
                        .orElseThrow(() -> new MalformedPayloadException("unknown source " + code));
        return new PoseEstimate(seq, ts, source, in.pose("pose"), in.i64("processed_at"));
    }

    @Override
    public String invalidReason() {
        if (seq < 0) {
            return "negative seq";
        }
        return pose.isFinite() ? null : "pose has NaN or infinite components";
    }
}
