package io.edgeflow.jobs.bench;

import io.edgeflow.operators.ingest.RawFrame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.InferenceRequest;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Turns sequence numbers into INFERENCE_REQUEST frames, as fast as possible or paced at a rate, and
 * stamps each one's emission time in {@link LatencyProbe}. Runs with parallelism 1.
 */
final class RequestGenerator extends RichMapFunction<Long, RawFrame> {
    private final String model;
    private final double ratePerSecond;
    private transient InferenceWorkload workload;
    private transient FrameCodec codec;
    private transient long startNanos;
    private transient byte[] key;

    RequestGenerator(String model, double ratePerSecond) {
        this.model = model;
        this.ratePerSecond = ratePerSecond;
    }

    @Override
    public void open(OpenContext openContext) {
        workload = InferenceWorkload.named(model);
        codec = new FrameCodec(8 << 20);
        key = "bench-robot".getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public RawFrame map(Long i) {
        if (i == 0) {
            startNanos = System.nanoTime();
        }
        if (ratePerSecond > 0) {
            long due = startNanos + (long) (i * 1e9 / ratePerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        long nowMicros = System.currentTimeMillis() * 1000;
        InferenceRequest request =
                new InferenceRequest(
                        i, nowMicros, "b-" + i, model, "", 0, workload.requestInput(i));
        byte[] frame = codec.encode(NodeId.of("bench-robot"), request);
        LatencyProbe.emitted(i.intValue(), System.nanoTime());
        return new RawFrame(Topics.INFERENCE_REQUESTS, 0, i, nowMicros / 1000, key, frame);
    }
}
