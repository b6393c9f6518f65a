package io.edgeflow.protocol;

import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;

/** Wheel odometry: the robot's pose in its odometry frame and its velocities (m/s, rad/s). */
public record Odometry(
        long seq, long timestampMicros, Pose2 pose, double linearVelocity, double angularVelocity)
        implements Message {

    @Override
    public MessageType type() {
        return MessageType.ODOMETRY;
    }

    @Override
    public void writeTo(PayloadWriter out) {
        out.i64(seq).i64(timestampMicros).pose(pose).f64(linearVelocity).f64(angularVelocity);
    }

    static Odometry read(PayloadReader in) throws MalformedPayloadException {
        return new Odometry(
                in.i64("seq"),
                in.i64("timestamp"),
                in.pose("pose"),
                in.f64("linear_velocity"),
                in.f64("angular_velocity"));
    }

    @Override
    public String invalidReason() {
        if (seq < 0) {
            return "negative seq";
        }
        if (!pose.isFinite()) {
            return "pose has NaN or infinite components";
        }
        if (!Double.isFinite(linearVelocity) || !Double.isFinite(angularVelocity)) {
            return "velocity is NaN or infinite";
        }
        return null;
    }
}
