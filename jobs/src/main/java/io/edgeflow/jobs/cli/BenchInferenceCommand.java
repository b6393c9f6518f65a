package io.edgeflow.jobs.cli;

import io.edgeflow.inference.model.ModelFiles;
import io.edgeflow.jobs.bench.InferenceBench;
import io.edgeflow.jobs.bench.InferenceBench.PipelineFigures;
import io.edgeflow.jobs.bench.InferenceWorkload;
import io.edgeflow.jobs.bench.OcrAccuracy;
import io.edgeflow.jobs.runtime.InferenceEnvironment;
import io.edgeflow.jobs.runtime.ProjectHome;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeflow bench inference}: raw engine, batching Flink pipeline and one-at-a-time baseline
 * for a model, in one run, with the ratios; one RESULT line per model.
 */
@Command(
        name = "inference",
        mixinStandardHelpOptions = true,
        description =
                "Batched DJL inference: raw engine vs. the Flink pipeline vs. one record at a"
                        + " time. Without --model: the PP-OCRv4 recognizer, then an MLP.")
public final class BenchInferenceCommand implements Callable<Integer> {

    @Option(names = "--model", description = "ppocr-rec or mlp (default: both)")
    String model;

    @Option(
            names = "--batch",
            split = ",",
            description =
                    "batch sizes for the raw engine; the largest is the pipeline's (default: 1,8 for OCR, 1,8,32 for the MLP)")
    List<Integer> batches;

    @Option(
            names = "--rate",
            description =
                    "requests/s for the latency run (default: 70% of peak: the lower of the raw"
                            + " engine's and the pipeline's throughput)")
    double rate;

    @Option(names = "--predictors", defaultValue = "2", description = "predictor threads")
    int predictors;

    @Option(names = "--seconds", defaultValue = "6", description = "seconds per figure")
    double seconds;

    @Option(
            names = "--accuracy",
            description = "score OCR detection and recognition (alone unless --model is given)")
    boolean accuracy;

    @Option(
            names = "--scenes",
            defaultValue = "40",
            description = "scenes per condition for --accuracy")
    int scenes;

    @Override
    public Integer call() throws Exception {
        InferenceEnvironment.configureOffline();
        // --accuracy alone scores OCR only; with --model it benches that model too.
        List<String> models =
                model != null
                        ? List.of(model)
                        : accuracy ? List.of() : List.of(ModelFiles.OCR_RECOGNIZER, ModelFiles.MLP);
        List<String> results = new ArrayList<>();
        for (String m : models) {
            results.add(bench(m));
        }
        if (accuracy) {
            new OcrAccuracy(scenes).run(System.out);
        }
        results.forEach(System.out::println);
        return 0;
    }

    private String bench(String m) throws Exception {
        List<Integer> sizes =
                new ArrayList<>(
                        batches != null
                                ? batches
                                : m.equals(ModelFiles.MLP) ? List.of(1, 8, 32) : List.of(1, 8));
        if (!sizes.contains(1)) {
            sizes.add(0, 1);
        }
        int batch = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        try (InferenceBench bench =
                new InferenceBench(
                        m,
                        predictors,
                        seconds,
                        ProjectHome.locate().resolve(".edgeflow/bench-inference"))) {
            return bench(m, sizes, batch, bench);
        }
    }

    private String bench(String m, List<Integer> sizes, int batch, InferenceBench bench)
            throws Exception {
        System.out.printf(
                "%n== %s: %d predictor threads, 1 engine thread each (%s)%n",
                m,
                predictors,
                m.equals(ModelFiles.MLP)
                        ? "DJL Block MLP 256-2048-2048-10 with Xavier-initialized, untrained weights"
                        : "PP-OCRv4 recognizer, ONNX on OnnxRuntime, 3x48x320 inputs");
        InferenceBench.RawFigures raw1 = null;
        InferenceBench.RawFigures rawB = null;
        for (int b : sizes) {
            InferenceBench.RawFigures r = bench.raw(b);
            if (b == 1) {
                raw1 = r;
            }
            if (b == batch) {
                rawB = r;
            }
            System.out.printf(
                    Locale.ROOT,
                    "raw engine  batch %3d: %10.1f samples/s, %10.1f per CPU-second%n",
                    b,
                    r.perSecond(),
                    r.perCpuSecond());
            System.out.println("  CPU s by thread: " + r.cpuByThread());
        }
        // Warm-up runs, as the raw loop has: the JIT compiles Flink's and our request path in the
        // first seconds (measured: ~10 s of compiler threads' CPU in a 4 s run), which would
        // count against the pipelines but not the engine. Code run once per batch needs as many
        // requests as the measured run to reach the optimizing compiler.
        bench.warmUpProcessing(3000);
        // Until a warm-up run no longer makes the JIT compile much (at most three runs): the
        // measured run should see the steady state a long-running job is in.
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int run = 0; run < 3; run++) {
            long compiledBefore = jit.getTotalCompilationTime();
            bench.pipeline(batch, (int) Math.max(100, rawB.perSecond() * seconds), 0);
            long compileMillis = jit.getTotalCompilationTime() - compiledBefore;
            System.out.printf(
                    Locale.ROOT,
                    "  warm-up run %d: %d ms of JIT compilation%n",
                    run + 1,
                    compileMillis);
            if (compileMillis < 250) {
                break;
            }
        }
        bench.unbatched((int) Math.max(50, raw1.perSecond() * 2));
        int peakRequests = (int) Math.max(200, rawB.perSecond() * seconds * 1.2);
        PipelineFigures peak = bench.pipeline(batch, peakRequests, 0);
        System.out.printf(
                Locale.ROOT,
                "pipeline    batch %3d: %10.1f requests/s, %10.1f per CPU-second (%d requests,"
                        + " unpaced; mean batch %.1f)%n",
                batch,
                peak.perSecond(),
                peak.perCpuSecond(),
                peakRequests,
                peak.meanBatch());
        System.out.println("  CPU s by thread: " + peak.cpuByThread());
        int unbatchedRequests = (int) Math.max(100, raw1.perSecond() * seconds * 1.2);
        PipelineFigures unbatched = bench.unbatched(unbatchedRequests);
        System.out.printf(
                Locale.ROOT,
                "unbatched   batch   1: %10.1f requests/s, %10.1f per CPU-second (one record at a"
                        + " time, %d requests)%n",
                unbatched.perSecond(),
                unbatched.perCpuSecond(),
                unbatchedRequests);
        System.out.println("  CPU s by thread: " + unbatched.cpuByThread());
        // Peak load: the pipeline's own measured peak.
        double peakLoad = peak.perSecond();
        double latencyRate = rate > 0 ? rate : 0.7 * peakLoad;
        int latencyRequests = (int) Math.max(100, latencyRate * seconds);
        PipelineFigures paced = bench.pipeline(batch, latencyRequests, latencyRate);
        // One predictor computes one full batch in this time (P predictors share the raw rate).
        double batchComputeMs = 1000.0 * batch / (rawB.perSecond() / predictors);
        double maxDelayMs = InferenceWorkload.named(m).maxQueueDelay().toMillis();
        double bound = maxDelayMs + 2 * batchComputeMs;
        System.out.printf(
                Locale.ROOT,
                "latency at %.1f req/s (%.0f%% of peak): p50 %.2f ms, p99 %.2f ms; target p99 <= max"
                        + " delay %.0f ms + 2 x batch compute %.2f ms = %.2f ms: %s%n",
                latencyRate,
                100 * latencyRate / peakLoad,
                paced.p50Millis(),
                paced.p99Millis(),
                maxDelayMs,
                batchComputeMs,
                bound,
                paced.p99Millis() <= bound ? "met" : "MISSED");
        System.out.printf(
                Locale.ROOT,
                "  slowest 1%%: %.2f ms in the batcher (queue + engine), %.2f ms outside it%n",
                paced.tailBatcherMillis(),
                paced.tailOutsideMillis());
        System.out.println("  CPU s by thread: " + paced.cpuByThread());
        double rawGain = rawB.perSecond() / raw1.perSecond();
        double vsRaw = peak.perSecond() / rawB.perSecond();
        double vsUnbatched = peak.perSecond() / unbatched.perSecond();
        System.out.printf(
                Locale.ROOT,
                "ratios: raw_gain %.2f, pipeline/raw %.2f (target >= 0.9: %s), pipeline/unbatched"
                        + " %.2f (target >= 0.85 x raw_gain = %.2f: %s)%n",
                rawGain,
                vsRaw,
                vsRaw >= 0.9 ? "met" : "MISSED",
                vsUnbatched,
                0.85 * rawGain,
                vsUnbatched >= 0.85 * rawGain ? "met" : "MISSED");
        System.out.printf(
                Locale.ROOT,
                "per CPU-second: raw_gain %.2f, pipeline/raw %.2f, pipeline/unbatched %.2f;"
                        + " load average %.2f%n",
                rawB.perCpuSecond() / raw1.perCpuSecond(),
                peak.perCpuSecond() / rawB.perCpuSecond(),
                peak.perCpuSecond() / unbatched.perCpuSecond(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return String.format(
                Locale.ROOT,
                "RESULT model=%s batch=%d raw_per_s=%.1f raw_gain=%.2f pipeline_per_s=%.1f"
                        + " unbatched_per_s=%.1f pipeline_vs_raw=%.2f pipeline_vs_unbatched=%.2f"
                        + " p50_ms=%.2f p99_ms=%.2f p99_bound_ms=%.2f pipeline_vs_raw_cpu=%.2f",
                m,
                batch,
                rawB.perSecond(),
                rawGain,
                peak.perSecond(),
                unbatched.perSecond(),
                vsRaw,
                vsUnbatched,
                paced.p50Millis(),
                paced.p99Millis(),
                bound,
                peak.perCpuSecond() / rawB.perCpuSecond());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchInferenceCommand()).execute(args));
    }
}
