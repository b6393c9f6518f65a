package io.edgeflow.jobs.bench;

import io.edgeflow.inference.flink.InferenceOutcome;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.InferenceResult;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Emission and completion times of the bench's requests, by index. The bench runs its job on a
 * MiniCluster in this JVM, so generator and sink write the same arrays (a bench-only shortcut).
 */
final class LatencyProbe {
    private static long[] emitted = new long[0];
    private static long[] done = new long[0];
    // Each request's INFERENCE_RESULT, decoded after the run: decoding it in the sink would
    // add the probe's own work to the pipeline's measured CPU.
    private static byte[][] results = new byte[0][];
    private static final AtomicInteger completed = new AtomicInteger();
    private static volatile long steadyCpuStart;
    private static volatile long steadyCpuEnd;
    private static volatile ThreadCpu steadyThreadsStart;
    private static volatile ThreadCpu steadyThreadsEnd;
    private static volatile Thread startSnapshot;

    private LatencyProbe() {}

    static synchronized void reset(int n) {
        emitted = new long[n];
        done = new long[n];
        results = new byte[n][];
        completed.set(0);
        steadyCpuStart = 0;
        steadyCpuEnd = 0;
    }

    static void emitted(int i, long nanos) {
        emitted[i] = nanos;
    }

    /** Records completion of the request named "b-INDEX". */
    static final class Completion implements MapFunction<InferenceOutcome, String> {
        @Override
        public String map(InferenceOutcome o) {
            if (!o.status().equals("ok")) {
                throw new IllegalStateException(
                        "request " + o.requestId() + " failed: " + o.status());
            }
            int i = Integer.parseInt(o.requestId().substring(2));
            done[i] = System.nanoTime();
            results[i] = o.resultFrame();
            // The process's CPU time over the same steady part the throughput is measured on.
            int count = completed.incrementAndGet();
            if (count == done.length / 10 + 1) {
                // Read on another thread: reading every thread's CPU time takes milliseconds,
                // which would hold up the results behind this one.
                startSnapshot =
                        new Thread(
                                () -> {
                                    steadyThreadsStart = ThreadCpu.now();
                                    steadyCpuStart = ProcessCpuTime.nanos();
                                },
                                "latency-probe");
                startSnapshot.start();
            } else if (count == done.length) {
                steadyCpuEnd = ProcessCpuTime.nanos();
                steadyThreadsEnd = ThreadCpu.now();
            }
            return o.requestId();
        }
    }

    /**
     * Throughput over the steady part (after the first tenth completed) and latency percentiles.
     */
    record Figures(
            double perSecond,
            double p50Millis,
            double p99Millis,
            int count,
            double perCpuSecond,
            Tail tail,
            double meanBatch,
            String cpuByThread) {}

    /**
     * Where the slowest 1 % of requests spent their time: in the batcher (queue wait and engine) or
     * outside it (network buffers between operators, the task's mailbox, thread handoffs).
     */
    record Tail(double batcherMillis, double outsideMillis) {}

    static Figures figures() throws InterruptedException {
        startSnapshot.join();
        int n = done.length;
        long[] batcherMicros = new long[n];
        int[] batchSizes = new int[n];
        FrameCodec codec = new FrameCodec();
        for (int i = 0; i < n; i++) {
            if (results[i] != null
                    && codec.decode(results[i]) instanceof Frame f
                    && f.message() instanceof InferenceResult r) {
                batcherMicros[i] = r.queueMicros() + r.computeMicros();
                batchSizes[i] = r.batchSize();
            }
        }
        long[] sortedDone = done.clone();
        Arrays.sort(sortedDone);
        if (sortedDone[0] == 0) {
            throw new IllegalStateException("not every request completed");
        }
        int skip = n / 10;
        double seconds = (sortedDone[n - 1] - sortedDone[skip]) / 1e9;
        double perSecond = (n - 1 - skip) / seconds;
        long threshold = sortedDone[skip];
        int[] steady =
                java.util.stream.IntStream.range(0, n).filter(i -> done[i] >= threshold).toArray();
        double[] latencies =
                Arrays.stream(steady)
                        .mapToDouble(i -> (done[i] - emitted[i]) / 1e6)
                        .sorted()
                        .toArray();
        double p99 = latencies[(int) (0.99 * (latencies.length - 1))];
        int[] slowest =
                Arrays.stream(steady).filter(i -> (done[i] - emitted[i]) / 1e6 >= p99).toArray();
        double batcher =
                Arrays.stream(slowest).mapToDouble(i -> batcherMicros[i] / 1e3).average().orElse(0);
        double total =
                Arrays.stream(slowest)
                        .mapToDouble(i -> (done[i] - emitted[i]) / 1e6)
                        .average()
                        .orElse(0);
        return new Figures(
                perSecond,
                latencies[(int) (0.50 * (latencies.length - 1))],
                p99,
                n,
                (n - 1 - skip) / ((steadyCpuEnd - steadyCpuStart) / 1e9),
                new Tail(batcher, total - batcher),
                Arrays.stream(steady).mapToDouble(i -> batchSizes[i]).average().orElse(0),
                steadyThreadsEnd.since(steadyThreadsStart, (steadyCpuEnd - steadyCpuStart) / 1e9));
    }
}
