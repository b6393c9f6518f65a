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
 *
 * <p>The frames are encoded before the first is sent, as a robot encodes them before they reach
 * Kafka: the generator stands in for the Kafka source, whose CPU per record is a copy, not a tensor
 * encoding. Each frame still differs (its input and request id), so the cache never hits.
 */
final class RequestGenerator extends RichMapFunction<Long, RawFrame> {
    private static final long EARLY_NANOS = 1_000_000;

    private final String model;
    private final double ratePerSecond;
    private final int requests;
    private transient byte[][] frames;
    private transient long startNanos;
    private transient byte[] key;

    RequestGenerator(String model, double ratePerSecond, int requests) {
        this.model = model;
        this.ratePerSecond = ratePerSecond;
        this.requests = requests;
    }

    @Override
    public void open(OpenContext openContext) {
        InferenceWorkload workload = InferenceWorkload.named(model);
        FrameCodec codec = new FrameCodec(8 << 20);
        int node = NodeId.of("bench-robot");
        long nowMicros = System.currentTimeMillis() * 1000;
        frames = new byte[requests][];
        for (int i = 0; i < requests; i++) {
            frames[i] =
                    codec.encode(
                            node,
                            new InferenceRequest(
                                    i,
                                    nowMicros,
                                    "b-" + i,
                                    model,
                                    "",
                                    0,
                                    workload.requestInput(i)));
        }
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
            // After a park, the requests due within the next millisecond go at once: a park per
            // request costs about as much CPU as the pipeline spends on the request. Latency
            // counts from the actual emission.
            if (wait > EARLY_NANOS) {
                LockSupport.parkNanos(wait);
            }
        }
        byte[] frame = frames[i.intValue()];
        // Sent once: the array lets the frame go when the pipeline is done with it.
        frames[i.intValue()] = null;
        LatencyProbe.emitted(i.intValue(), System.nanoTime());
        return new RawFrame(
                Topics.INFERENCE_REQUESTS, 0, i, System.currentTimeMillis(), key, frame);
    }
}
