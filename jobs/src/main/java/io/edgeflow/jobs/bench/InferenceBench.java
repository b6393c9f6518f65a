package io.edgeflow.jobs.bench;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.edgeflow.inference.batching.BatchPolicy;
import io.edgeflow.inference.flink.BatchingInferenceOperator;
import io.edgeflow.inference.flink.InferenceOutcome;
import io.edgeflow.inference.flink.InferenceSettings;
import io.edgeflow.inference.flink.OneAtATimeInference;
import io.edgeflow.inference.model.ModelCommand;
import io.edgeflow.inference.model.ModelLoader;
import io.edgeflow.inference.model.ModelRegistry;
import io.edgeflow.inference.model.ModelSpec;
import io.edgeflow.inference.model.PredictorRunner;
import io.edgeflow.inference.model.SampleAdapter;
import io.edgeflow.inference.model.SampleOutput;
import io.edgeflow.jobs.InferenceJob;
import io.edgeflow.operators.ingest.RawFrame;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Measures one model three ways in one run: the raw engine in a tight loop (P threads, each its own
 * predictor, pre-processed batches: the physical limit), the Flink pipeline with the batching
 * operator (P predictors), and the one-record-at-a-time Flink baseline (P subtasks, one predictor
 * each). The pipelines run on an in-JVM MiniCluster from an in-job request generator (Kafka is not
 * in the measured path) with checkpoints every 2 s, all on one MiniCluster in this JVM.
 */
public final class InferenceBench implements AutoCloseable {
    private final String model;
    private final int predictors;
    private final double secondsPerFigure;
    private final Path workDir;
    private MiniCluster cluster;

    public InferenceBench(String model, int predictors, double secondsPerFigure, Path workDir) {
        this.model = model;
        this.predictors = predictors;
        this.secondsPerFigure = secondsPerFigure;
        this.workDir = workDir;
    }

    /** Throughput per wall-clock second and per CPU-second of this process. */
    public record RawFigures(double perSecond, double perCpuSecond, String cpuByThread) {}

    /**
     * @param tailBatcherMillis of the slowest 1 %, the mean time in the batcher (queue + engine)
     * @param tailOutsideMillis of the slowest 1 %, the mean time outside it
     * @param meanBatch the mean size of the batches requests ran in, per request
     */
    public record PipelineFigures(
            double perSecond,
            double p50Millis,
            double p99Millis,
            double perCpuSecond,
            double tailBatcherMillis,
            double tailOutsideMillis,
            double meanBatch,
            String cpuByThread) {}

    /** Samples per second of the raw engine at this batch size, P threads in tight loops. */
    public RawFigures raw(int batch) throws Exception {
        InferenceWorkload w = InferenceWorkload.named(model);
        ModelSpec spec = w.spec();
        try (ZooModel<NDList, NDList> zoo = ModelLoader.load(spec)) {
            AtomicLong samples = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            long[] window = new long[2];
            Throwable[] failure = new Throwable[1];
            for (int t = 0; t < predictors; t++) {
                int offset = t * 1000;
                Thread thread =
                        new Thread(
                                () -> {
                                    try (PredictorRunner runner = new PredictorRunner(zoo, spec)) {
                                        List<float[]> in = new ArrayList<>();
                                        for (int i = 0; i < batch; i++) {
                                            in.add(w.sample(offset + i));
                                        }
                                        runner.run(in); // warm-up: first shapes are slow
                                        // Batches finishing inside the window count; the
                                        // loops run on until the CPU times are read.
                                        while (!stop.get()) {
                                            runner.run(in);
                                            long done = System.nanoTime();
                                            if (done >= window[0] && done < window[1]) {
                                                samples.addAndGet(batch);
                                            }
                                        }
                                    } catch (Exception e) {
                                        failure[0] = e;
                                    }
                                },
                                "raw-" + t);
                threads.add(thread);
            }
            settleJit();
            long now = System.nanoTime();
            window[0] = now + (long) (1.5e9);
            window[1] = window[0] + (long) (secondsPerFigure * 1e9);
            threads.forEach(Thread::start);
            sleepUntil(window[0]);
            ThreadCpu threadsStart = ThreadCpu.now();
            long cpuStart = ProcessCpuTime.nanos();
            sleepUntil(window[1]);
            long cpuNanos = ProcessCpuTime.nanos() - cpuStart;
            ThreadCpu threadsEnd = ThreadCpu.now();
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            if (failure[0] != null) {
                throw new IllegalStateException("raw loop failed", failure[0]);
            }
            return new RawFigures(
                    samples.get() / secondsPerFigure,
                    samples.get() / (cpuNanos / 1e9),
                    threadsEnd.since(threadsStart, cpuNanos / 1e9));
        }
    }

    /**
     * Runs the model's pre- and post-processing on request inputs and engine outputs {@code n}
     * times, outside Flink, so that the JIT has compiled them before a measured run. A pipeline
     * warm-up alone does not get there for a slow model: the OCR recognizer's 120 requests per
     * second call them too rarely in a run of a few seconds, and their compilation and unoptimized
     * code would otherwise be counted against the pipeline.
     */
    public void warmUpProcessing(int n) throws Exception {
        InferenceWorkload w = InferenceWorkload.named(model);
        ModelSpec spec = w.spec();
        SampleAdapter adapter = ModelRegistry.adapterFor(spec);
        List<SampleOutput> outputs;
        try (ZooModel<NDList, NDList> zoo = ModelLoader.load(spec);
                PredictorRunner runner = new PredictorRunner(zoo, spec)) {
            outputs = runner.run(List.of(w.sample(0), w.sample(1)));
        }
        for (int i = 0; i < n; i++) {
            adapter.toSample(w.requestInput(i));
            adapter.toOutputs(outputs.get(i % outputs.size()));
        }
    }

    /** The batching pipeline: N requests as fast as possible (rate 0) or paced at a rate. */
    public PipelineFigures pipeline(int batch, int requests, double rate) throws Exception {
        InferenceWorkload w = InferenceWorkload.named(model);
        ModelSpec spec = w.spec();
        BatchPolicy policy =
                BatchPolicy.of(batch, w.maxQueueDelay())
                        .withPreferred(batch)
                        .withQueueCapacity(Math.max(4 * batch, 64));
        InferenceSettings settings =
                InferenceSettings.of(policy, List.of(spec))
                        .withPredictors(predictors)
                        .withCache(0, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = environment();
        DataStream<RawFrame> requestsStream = generated(env, requests, rate);
        DataStream<String> control =
                env.fromData(ModelCommand.load(spec).toLine()).setParallelism(1);
        DataStream<InferenceOutcome> outcomes =
                requestsStream
                        .connect(control.broadcast())
                        .transform(
                                "Batched inference (DJL)",
                                TypeInformation.of(InferenceOutcome.class),
                                new BatchingInferenceOperator(settings))
                        .setParallelism(1);
        return run(env, outcomes, requests);
    }

    /** One record at a time: P subtasks, each with its own predictor, no batching. */
    public PipelineFigures unbatched(int requests) throws Exception {
        ModelSpec spec = InferenceWorkload.named(model).spec();
        StreamExecutionEnvironment env = environment();
        DataStream<InferenceOutcome> outcomes =
                generated(env, requests, 0)
                        .rebalance()
                        .map(new OneAtATimeInference(spec))
                        .returns(TypeInformation.of(InferenceOutcome.class))
                        .name("One-at-a-time inference")
                        .setParallelism(predictors);
        return run(env, outcomes, requests);
    }

    private DataStream<RawFrame> generated(StreamExecutionEnvironment env, int n, double rate) {
        return env.fromSequence(0, n - 1)
                .setParallelism(1)
                .map(new RequestGenerator(model, rate, n))
                .returns(TypeInformation.of(RawFrame.class))
                .name("Request generator")
                .setParallelism(1);
    }

    private PipelineFigures run(
            StreamExecutionEnvironment env, DataStream<InferenceOutcome> outcomes, int n)
            throws Exception {
        LatencyProbe.reset(n);
        outcomes.map(new LatencyProbe.Completion())
                .returns(Types.STRING)
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>())
                .setParallelism(1);
        settleJit();
        env.execute("edgeflow inference bench");
        LatencyProbe.Figures f = LatencyProbe.figures();
        return new PipelineFigures(
                f.perSecond(),
                f.p50Millis(),
                f.p99Millis(),
                f.perCpuSecond(),
                f.tail().batcherMillis(),
                f.tail().outsideMillis(),
                f.meanBatch(),
                f.cpuByThread());
    }

    /**
     * Waits (at most 20 s) until the JIT compilers have gone quiet — under 20 ms of compile time in
     * half a second — so that compiling what a warm-up ran does not count against the next measured
     * run.
     */
    public static void settleJit() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long giveUp = System.nanoTime() + 20_000_000_000L;
        long before = jit.getTotalCompilationTime();
        do {
            Thread.sleep(500);
            long now = jit.getTotalCompilationTime();
            if (now - before < 20) {
                return;
            }
            before = now;
        } while (System.nanoTime() < giveUp);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /**
     * An environment submitting to the bench's one MiniCluster. One cluster for every run: each new
     * MiniCluster loads its RPC system (Pekko) in a fresh class loader, and the JIT compiling that
     * again costs seconds of CPU inside the measured window.
     */
    private StreamExecutionEnvironment environment() throws Exception {
        Files.createDirectories(workDir);
        Configuration c = new Configuration();
        c.setString("execution.checkpointing.interval", "2s");
        c.setString(
                "execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
        // As the job: requests would otherwise wait up to 100 ms for a network buffer to fill.
        c.setString("execution.buffer-timeout.interval", InferenceJob.BUFFER_TIMEOUT_MS + " ms");
        if (cluster == null) {
            Configuration clusterConf = new Configuration(c);
            clusterConf.setString("io.tmp.dirs", workDir.toString());
            clusterConf.setString("rest.bind-port", "0");
            cluster =
                    new MiniCluster(
                            new MiniClusterConfiguration.Builder()
                                    .setConfiguration(clusterConf)
                                    .setNumTaskManagers(1)
                                    .setNumSlotsPerTaskManager(4)
                                    .build());
            cluster.start();
        }
        URI rest = cluster.getRestAddress().get();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(
                        rest.getHost(), rest.getPort(), c);
        env.setParallelism(1);
        return env;
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
