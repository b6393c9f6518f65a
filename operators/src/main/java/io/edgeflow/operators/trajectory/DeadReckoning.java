package io.edgeflow.operators.trajectory;

import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.Message;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.PoseEstimate;
import io.edgeflow.state.TrajectoryState;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per-robot dead-reckoning trajectory, keyed by node id: every LASER_SCAN and ODOMETRY frame yields
 * the robot's odometry pose relative to its first one. Frames are applied in sequence-number order
 * as Kafka delivers them per node; a frame whose sequence number was already applied is dropped (a
 * producer retry or an upstream replay) and a skipped number is counted as a gap. The SLAM issue
 * replaces this estimator; the job shape stays.
 */
public final class DeadReckoning extends KeyedProcessFunction<Integer, Frame, RobotPose> {
    private transient ValueState<TrajectoryState> state;
    private transient Counter duplicates;
    private transient Counter gaps;
    private transient Counter poses;

    @Override
    public void open(OpenContext openContext) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "trajectory-v" + TrajectoryState.SCHEMA_VERSION,
                                        TrajectoryState.class));
        MetricGroup edgeflow = getRuntimeContext().getMetricGroup().addGroup("edgeflow");
        duplicates = edgeflow.counter("duplicateFrames");
        gaps = edgeflow.counter("sequenceGaps");
        poses = edgeflow.counter("posesEmitted");
    }

    @Override
    public void processElement(Frame frame, Context ctx, Collector<RobotPose> out)
            throws Exception {
        Message m = frame.message();
        TrajectoryState s = state.value();
        if (s != null && m.seq() <= s.lastSeq()) {
            duplicates.inc();
            state.update(
                    new TrajectoryState(
                            s.origin(),
                            s.lastSeq(),
                            s.lastPose(),
                            s.frames(),
                            s.gaps(),
                            s.duplicates() + 1));
            return;
        }
        long gap = s == null ? 0 : m.seq() - s.lastSeq() - 1;
        gaps.inc(gap);
        Pose2 odometry = odometryPose(m);
        Pose2 origin = s == null || s.origin() == null ? odometry : s.origin();
        Pose2 pose = s == null ? Pose2.ORIGIN : s.lastPose();
        if (odometry != null) {
            pose = origin.between(odometry);
            poses.inc();
            out.collect(
                    new RobotPose(
                            frame.nodeId(),
                            new PoseEstimate(
                                    m.seq(),
                                    m.timestampMicros(),
                                    PoseEstimate.Source.DEAD_RECKONING,
                                    pose,
                                    ctx.timerService().currentProcessingTime() * 1000)));
        }
        state.update(
                s == null
                        ? new TrajectoryState(origin, m.seq(), pose, 1, 0, 0)
                        : new TrajectoryState(
                                origin,
                                m.seq(),
                                pose,
                                s.frames() + 1,
                                s.gaps() + gap,
                                s.duplicates()));
    }

    /** The odometry pose a frame carries, or null for frames without one (heartbeats). */
    private static Pose2 odometryPose(Message m) {
        if (m instanceof LaserScan scan) {
            return scan.odometryPose();
        }
        if (m instanceof Odometry odom) {
            return odom.pose();
        }
        return null;
    }
}
