package io.edgeflow.inference.flink;

import io.edgeflow.inference.batching.BatchListener;
import io.edgeflow.inference.cache.ResultCache;
import io.edgeflow.protocol.InferenceResult.Status;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The operator's metrics, in group {@code edgeflow.inference} (the Flink UI and the Prometheus
 * reporter show them): batch size, queue delay and batch compute time histograms, end-to-end
 * latency, results per second, cache hit rate, and DLQ counters by reason.
 */
final class InferenceMetrics implements BatchListener {
    private final Histogram batchSize;
    private final Histogram queueDelayMicros;
    private final Histogram computeMicros;
    private final Histogram latencyMicros;
    private final Meter throughput;
    private final Counter results;
    private final Map<Status, Counter> dlq = new EnumMap<>(Status.class);

    InferenceMetrics(MetricGroup operator, ResultCache cache) {
        MetricGroup g = operator.addGroup("edgeflow").addGroup("inference");
        batchSize = g.histogram("batchSize", new DescriptiveStatisticsHistogram(2048));
        queueDelayMicros =
                g.histogram("queueDelayMicros", new DescriptiveStatisticsHistogram(2048));
        computeMicros = g.histogram("batchComputeMicros", new DescriptiveStatisticsHistogram(2048));
        latencyMicros = g.histogram("latencyMicros", new DescriptiveStatisticsHistogram(4096));
        results = g.counter("results");
        throughput = g.meter("resultsPerSecond", new MeterView(results));
        g.gauge("cacheHitRate", (Gauge<Double>) cache::hitRate);
        MetricGroup dlqGroup = g.addGroup("dlq");
        for (Status s : Status.values()) {
            if (s != Status.OK) {
                dlq.put(s, dlqGroup.counter(s.label()));
            }
        }
    }

    /** Called on batcher worker threads; the histograms are not thread-safe. */
    @Override
    public synchronized void onBatch(
            int size, long oldestQueueNanos, long computeNanos, boolean failed) {
        batchSize.update(size);
        queueDelayMicros.update(oldestQueueNanos / 1000);
        computeMicros.update(computeNanos / 1000);
    }

    /** Called on the task thread for every emitted result. */
    void onResult(Status status, long latency) {
        results.inc();
        synchronized (this) {
            latencyMicros.update(latency);
        }
        if (status != Status.OK) {
            dlq.get(status).inc();
        }
    }

    long resultCount() {
        return results.getCount();
    }

    double resultsPerSecond() {
        return throughput.getRate();
    }
}
