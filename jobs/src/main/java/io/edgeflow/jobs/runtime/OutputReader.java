package io.edgeflow.jobs.runtime;

import io.edgeflow.operators.deadletter.DeadLetterSerializer;
import io.edgeflow.operators.trajectory.RobotPose;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.PoseEstimate;
import io.edgeflow.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

/**
 * Reads what a job committed to edgeflow.poses and edgeflow.dlq, from the beginning, with {@code
 * read_committed}: exactly what a downstream consumer sees. Used by the demo and the tests.
 */
public final class OutputReader implements AutoCloseable {

    /** A dead letter as read back: its reason header and the original bytes. */
    public record DeadLetterRecord(
            String reason, String detail, byte[] value, Map<String, String> headers) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FrameCodec codec = new FrameCodec();
    private final List<RobotPose> poses = new ArrayList<>();
    private final List<DeadLetterRecord> deadLetters = new ArrayList<>();
    private long undecodablePoses;

    public OutputReader(String bootstrapServers) {
        consumer = CommittedOutput.fromStart(bootstrapServers, List.of(Topics.POSES, Topics.DLQ));
    }

    public void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            if (r.topic().equals(Topics.POSES)) {
                DecodeResult d = codec.decode(r.value());
                if (d instanceof Frame f && f.message() instanceof PoseEstimate e) {
                    poses.add(new RobotPose(f.nodeId(), e));
                } else {
                    undecodablePoses++;
                }
            } else {
                Map<String, String> headers = new java.util.LinkedHashMap<>();
                for (Header h : r.headers()) {
                    headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                }
                deadLetters.add(
                        new DeadLetterRecord(
                                headers.get(DeadLetterSerializer.HEADER_PREFIX + "reason"),
                                headers.get(DeadLetterSerializer.HEADER_PREFIX + "detail"),
                                r.value(),
                                headers));
            }
        }
    }

    /** Polls until {@code done} holds or the timeout passes; returns whether it holds. */
    public boolean pollUntil(BooleanSupplier done, Duration timeout, Runnable onProgress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(250));
            onProgress.run();
        }
        return done.getAsBoolean();
    }

    public List<RobotPose> poses() {
        return poses;
    }

    public List<DeadLetterRecord> deadLetters() {
        return deadLetters;
    }

    /** Records on edgeflow.poses that were not POSE_ESTIMATE frames; always 0 for a healthy job. */
    public long undecodablePoses() {
        return undecodablePoses;
    }

    public Map<Integer, List<RobotPose>> posesByRobot() {
        return poses.stream().collect(Collectors.groupingBy(RobotPose::nodeId));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
