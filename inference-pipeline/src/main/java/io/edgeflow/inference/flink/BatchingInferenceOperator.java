package io.edgeflow.inference.flink;

import io.edgeflow.inference.batching.Batched;
import io.edgeflow.inference.batching.DeadlineExceededException;
import io.edgeflow.inference.batching.DynamicBatcher;
import io.edgeflow.inference.cache.ResultCache;
import io.edgeflow.inference.model.InvalidInputException;
import io.edgeflow.inference.model.ModelCommand;
import io.edgeflow.inference.model.ModelRegistry;
import io.edgeflow.inference.model.ModelSpec;
import io.edgeflow.inference.model.SampleOutput;
import io.edgeflow.inference.model.ServedModel;
import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.operators.ingest.RawFrame;
import io.edgeflow.protocol.DecodeError;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.InferenceRequest;
import io.edgeflow.protocol.InferenceResult;
import io.edgeflow.protocol.InferenceResult.NamedTensor;
import io.edgeflow.protocol.InferenceResult.Status;
import io.edgeflow.protocol.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched neural inference as a Flink operator. Input 1: INFERENCE_REQUEST frames; input 2
 * (broadcast): model control lines ({@link ModelCommand}). Each request is decoded, resolved to a
 * loaded model version, checked against the result cache, and handed to that model's {@link
 * DynamicBatcher}, whose worker threads each own a DJL predictor. Results come back on the task's
 * mailbox thread and leave as INFERENCE_RESULT frames, in completion order.
 *
 * <p>Fault tolerance, as Flink's async I/O operator does it: requests accepted but not yet answered
 * are stored in operator state at every checkpoint and re-issued after a restore, so none is lost;
 * a result emitted before a checkpoint is never re-emitted after restoring it, and exactly-once
 * sinks make every result visible once. The loaded models live in broadcast state, so a restored
 * job serves the same versions.
 *
 * <p>Every non-OK result (unknown model, invalid input, deadline, timeout, engine error) also goes
 * to {@link #DEAD_LETTERS} with the original request bytes; undecodable frames go there only.
 */
public final class BatchingInferenceOperator extends AbstractStreamOperator<InferenceOutcome>
        implements TwoInputStreamOperator<RawFrame, String, InferenceOutcome> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("inference-dead-letters", TypeInformation.of(DeadLetter.class));

    /** spec/NAME:VERSION → the LOAD line; current/NAME → the version served by default. */
    public static final MapStateDescriptor<String, String> MODELS =
            new MapStateDescriptor<>("models", Types.STRING, Types.STRING);

    public static final String RESULT_NODE = "edgeflow-inference";

    // Our own category: the inherited LOG is Flink's, usually at WARN.
    private static final Logger EDGEFLOW_LOG =
            LoggerFactory.getLogger(BatchingInferenceOperator.class);

    private final InferenceSettings settings;

    private transient ModelRegistry registry;
    private transient ResultCache cache;
    private transient InferenceMetrics metrics;
    private transient FrameCodec codec;
    private transient MailboxExecutor mailbox;
    private transient ListState<RawFrame> inFlightState;
    private transient BroadcastState<String, String> models;
    private transient Map<Long, RawFrame> inFlight;
    private transient List<RawFrame> toReissue;
    private transient long nextId;
    private transient int resultNode;

    public BatchingInferenceOperator(InferenceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
        super.setMailboxExecutor(mailboxExecutor);
        this.mailbox = mailboxExecutor;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        inFlightState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "in-flight-requests", TypeInformation.of(RawFrame.class)));
        models = context.getOperatorStateStore().getBroadcastState(MODELS);
        toReissue = new ArrayList<>();
        if (context.isRestored()) {
            for (RawFrame f : inFlightState.get()) {
                toReissue.add(f);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        codec = new FrameCodec();
        resultNode = NodeId.of(RESULT_NODE);
        inFlight = new LinkedHashMap<>();
        cache = new ResultCache(settings.cacheEntries(), settings.cacheTtl());
        metrics = new InferenceMetrics(getMetricGroup(), cache);
        registry =
                new ModelRegistry(
                        settings.batchPolicy(), settings.predictorsPerModel(), spec -> metrics);
        if (mailbox == null) {
            mailbox = getContainingTask().getMailboxExecutorFactory().createExecutor(0);
        }
        restoreModels();
        if (!toReissue.isEmpty()) {
            EDGEFLOW_LOG.info(
                    "re-issuing {} in-flight inference requests after restore", toReissue.size());
        }
        for (RawFrame f : toReissue) {
            accept(f, f.timestamp());
        }
        toReissue = null;
    }

    private void restoreModels() throws Exception {
        if (!models.iterator().hasNext()) {
            for (ModelSpec spec : settings.initialModels()) {
                apply(ModelCommand.load(spec));
            }
            return;
        }
        List<String> lines = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : models.entries()) {
            if (e.getKey().startsWith("spec/")) {
                lines.add(e.getValue());
            } else {
                current.put(e.getKey().substring("current/".length()), e.getValue());
            }
        }
        for (String line : lines) {
            ModelSpec spec = ModelCommand.parse(line).spec();
            if (spec.version().equals(current.get(spec.name()))) {
                registry.swap(spec);
            } else {
                registry.load(spec);
            }
        }
    }

    /** Applies a control command to the registry and records it in broadcast state. */
    private void apply(ModelCommand c) throws Exception {
        switch (c.action()) {
            case LOAD -> {
                registry.load(c.spec());
                models.put("spec/" + c.spec().key(), ModelCommand.load(c.spec()).toLine());
                if (!models.contains("current/" + c.name())) {
                    models.put("current/" + c.name(), c.version());
                }
            }
            case SWAP -> {
                String previous = models.get("current/" + c.name());
                registry.swap(c.spec());
                if (previous != null && !previous.equals(c.version())) {
                    models.remove("spec/" + c.name() + ":" + previous);
                }
                models.put("spec/" + c.spec().key(), ModelCommand.load(c.spec()).toLine());
                models.put("current/" + c.name(), c.version());
            }
            case UNLOAD -> {
                registry.unload(c.name(), c.version());
                List<String> gone = new ArrayList<>();
                for (Map.Entry<String, String> e : models.entries()) {
                    if (e.getKey().startsWith("spec/" + c.name() + ":")
                            && (c.version().isEmpty()
                                    || e.getKey().equals("spec/" + c.name() + ":" + c.version()))) {
                        gone.add(e.getKey());
                    }
                }
                for (String k : gone) {
                    models.remove(k);
                }
                if (c.version().isEmpty()
                        || c.version().equals(models.get("current/" + c.name()))) {
                    models.remove("current/" + c.name());
                }
            }
        }
    }

    @Override
    public void processElement2(StreamRecord<String> element) throws Exception {
        ModelCommand command;
        try {
            command = ModelCommand.parse(element.getValue());
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "ignoring malformed model command '{}': {}",
                    element.getValue(),
                    e.getMessage());
            return;
        }
        try {
            apply(command);
        } catch (ModelRegistry.LoadFailedException e) {
            // The job keeps serving what it has; requests for the missing version get
            // UNKNOWN_MODEL.
            EDGEFLOW_LOG.error("model command failed: {}", command.toLine(), e);
        }
    }

    @Override
    public void processElement1(StreamRecord<RawFrame> element) throws Exception {
        while (inFlight.size() >= settings.maxInFlight()) {
            mailbox.yield();
        }
        accept(element.getValue(), element.getTimestamp());
    }

    private void accept(RawFrame raw, long timestamp) throws InterruptedException {
        long id = nextId++;
        inFlight.put(id, raw);
        long startNanos = System.nanoTime();
        long nowMicros = nowMicros();
        DecodeResult decoded = codec.decode(raw.value());
        if (!(decoded instanceof Frame frame)
                || !(frame.message() instanceof InferenceRequest request)) {
            String reason =
                    decoded instanceof DecodeError e
                            ? e.reason().label()
                            : DecodeError.Reason.UNKNOWN_TYPE.label();
            String detail =
                    decoded instanceof DecodeError e
                            ? e.detail()
                            : "expected INFERENCE_REQUEST, got " + ((Frame) decoded).type();
            inFlight.remove(id);
            output.collect(
                    DEAD_LETTERS,
                    new StreamRecord<>(DeadLetter.of(raw, reason, detail, nowMicros / 1000)));
            return;
        }
        Optional<ServedModel> served =
                registry.resolve(request.modelName(), request.modelVersion());
        if (served.isEmpty()) {
            finish(
                    id,
                    raw,
                    InferenceResult.failure(
                            request,
                            nowMicros,
                            Status.UNKNOWN_MODEL,
                            "model "
                                    + request.modelName()
                                    + (request.modelVersion().isEmpty()
                                            ? ""
                                            : " version " + request.modelVersion())
                                    + " is not loaded"),
                    startNanos);
            return;
        }
        ServedModel model = served.get();
        ModelSpec spec = model.spec();
        String cacheKey = ResultCache.key(spec.name(), spec.version(), request.input());
        Optional<List<NamedTensor>> hit = cache.get(cacheKey);
        if (hit.isPresent()) {
            finish(id, raw, ok(request, spec, hit.get(), 0, 0, 0, true), startNanos);
            return;
        }
        float[] sample;
        try {
            sample = model.adapter().toSample(request.input());
        } catch (InvalidInputException e) {
            finish(
                    id,
                    raw,
                    InferenceResult.failure(
                            request, nowMicros, Status.INVALID_INPUT, e.getMessage()),
                    startNanos);
            return;
        }
        long deadlineNanos =
                request.deadlineMicros() == 0
                        ? DynamicBatcher.NO_DEADLINE
                        : startNanos + (request.deadlineMicros() - nowMicros) * 1000;
        CompletableFuture<Batched<SampleOutput>> future =
                model.batcher().submit(sample, deadlineNanos);
        future.orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete(
                        (batched, error) ->
                                mailbox.execute(
                                        () ->
                                                finish(
                                                        id,
                                                        raw,
                                                        toResult(
                                                                request, model, cacheKey, batched,
                                                                error),
                                                        startNanos),
                                        "inference result"));
    }

    private InferenceResult toResult(
            InferenceRequest request,
            ServedModel model,
            String cacheKey,
            Batched<SampleOutput> batched,
            Throwable error) {
        if (error == null) {
            List<NamedTensor> outputs = model.adapter().toOutputs(batched.value());
            cache.put(cacheKey, outputs);
            return ok(
                    request,
                    model.spec(),
                    outputs,
                    batched.queueNanos() / 1000,
                    batched.computeNanos() / 1000,
                    batched.batchSize(),
                    false);
        }
        Throwable cause =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        Status status =
                cause instanceof DeadlineExceededException
                        ? Status.DEADLINE_EXCEEDED
                        : cause instanceof TimeoutException ? Status.TIMEOUT : Status.ENGINE_ERROR;
        String message =
                status == Status.TIMEOUT
                        ? "no answer within " + settings.timeout()
                        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return InferenceResult.failure(request, nowMicros(), status, message);
    }

    private static InferenceResult ok(
            InferenceRequest request,
            ModelSpec spec,
            List<NamedTensor> outputs,
            long queueMicros,
            long computeMicros,
            int batchSize,
            boolean cacheHit) {
        return new InferenceResult(
                request.seq(),
                nowMicros(),
                request.requestId(),
                spec.name(),
                spec.version(),
                Status.OK,
                "",
                queueMicros,
                computeMicros,
                batchSize,
                cacheHit,
                outputs);
    }

    /** On the task thread: emits the result (and a dead letter unless OK). */
    private void finish(long id, RawFrame raw, InferenceResult result, long startNanos) {
        if (inFlight.remove(id) == null) {
            return;
        }
        byte[] frame = codec.encode(resultNode, result);
        String status = result.status().label();
        output.collect(
                new StreamRecord<>(
                        new InferenceOutcome(raw.key(), frame, status, result.requestId()),
                        raw.timestamp()));
        if (result.status() != Status.OK) {
            output.collect(
                    DEAD_LETTERS,
                    new StreamRecord<>(
                            DeadLetter.of(raw, status, result.error(), nowMicros() / 1000)));
        }
        metrics.onResult(result.status(), (System.nanoTime() - startNanos) / 1000);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        inFlightState.update(new ArrayList<>(inFlight.values()));
    }

    /** Bounded inputs: answer everything accepted before finishing. */
    @Override
    public void finish() throws Exception {
        while (!inFlight.isEmpty()) {
            mailbox.yield();
        }
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (registry != null) {
            registry.close();
        }
        super.close();
    }

    private static long nowMicros() {
        return System.currentTimeMillis() * 1000;
    }
}
