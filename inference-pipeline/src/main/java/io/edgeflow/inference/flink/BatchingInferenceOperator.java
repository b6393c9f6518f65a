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
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
 * mailbox thread and leave as INFERENCE_RESULT frames, in completion order: the workers queue them
 * and wake the task thread once per burst, not once per request. A request unanswered after the
 * timeout is answered TIMEOUT by a periodic check on the task thread (no timer per request).
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

    private static final long FINISH_POLL_NANOS = 200_000;

    private final InferenceSettings settings;

    private transient ModelRegistry registry;
    private transient ResultCache cache;
    private transient InferenceMetrics metrics;
    private transient FrameCodec codec;
    private transient MailboxExecutor mailbox;
    private transient ListState<RawFrame> inFlightState;
    private transient BroadcastState<String, String> models;
    private transient Map<Long, InFlight> inFlight;
    private transient Queue<Completion> completions;
    private transient AtomicBoolean drainScheduled;
    private transient List<RawFrame> toReissue;
    private transient long nextId;
    private transient int resultNode;

    /** A request accepted and not yet answered; the map keeps them in acceptance order. */
    private record InFlight(RawFrame raw, long startNanos) {}

    /** A batcher's answer, handed from a worker thread to the task thread. */
    private record Completion(
            long id,
            InferenceRequest request,
            ServedModel model,
            String cacheKey,
            Batched<SampleOutput> batched,
            Throwable error) {}

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
        completions = new ConcurrentLinkedQueue<>();
        drainScheduled = new AtomicBoolean();
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
        long checkMillis = Math.max(1, Math.min(1000, settings.timeout().toMillis() / 4));
        getProcessingTimeService()
                .scheduleWithFixedDelay(time -> answerTimedOut(), checkMillis, checkMillis);
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
        long startNanos = System.nanoTime();
        inFlight.put(id, new InFlight(raw, startNanos));
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
                    InferenceResult.failure(
                            request,
                            nowMicros,
                            Status.UNKNOWN_MODEL,
                            "model "
                                    + request.modelName()
                                    + (request.modelVersion().isEmpty()
                                            ? ""
                                            : " version " + request.modelVersion())
                                    + " is not loaded"));
            return;
        }
        ServedModel model = served.get();
        ModelSpec spec = model.spec();
        // With the cache off, no content hash either: it costs as much as decoding the request.
        String cacheKey =
                settings.cacheEntries() > 0
                        ? ResultCache.key(spec.name(), spec.version(), request.input())
                        : null;
        Optional<List<NamedTensor>> hit = cacheKey == null ? Optional.empty() : cache.get(cacheKey);
        if (hit.isPresent()) {
            finish(id, ok(request, spec, hit.get(), 0, 0, 0, true));
            return;
        }
        float[] sample;
        try {
            sample = model.adapter().toSample(request.input());
        } catch (InvalidInputException e) {
            finish(
                    id,
                    InferenceResult.failure(
                            request, nowMicros, Status.INVALID_INPUT, e.getMessage()));
            return;
        }
        long deadlineNanos =
                request.deadlineMicros() == 0
                        ? DynamicBatcher.NO_DEADLINE
                        : startNanos + (request.deadlineMicros() - nowMicros) * 1000;
        model.batcher()
                .submit(sample, deadlineNanos)
                .whenComplete(
                        (batched, error) ->
                                completed(
                                        new Completion(
                                                id, request, model, cacheKey, batched, error)));
    }

    /**
     * On a batcher worker: queues the answer and, unless a drain is already pending, asks the task
     * thread for one. A batch's answers thus cost one mailbox letter, not one each.
     */
    private void completed(Completion c) {
        completions.add(c);
        if (drainScheduled.compareAndSet(false, true)) {
            mailbox.execute(this::drainCompletions, "inference results");
        }
    }

    /** On the task thread: emits every queued answer. */
    private void drainCompletions() {
        // Cleared before polling: an answer queued after the last poll schedules a new drain.
        drainScheduled.set(false);
        Completion c;
        while ((c = completions.poll()) != null) {
            if (inFlight.containsKey(c.id())) {
                finish(
                        c.id(),
                        toResult(c.request(), c.model(), c.cacheKey(), c.batched(), c.error()));
            }
        }
    }

    /** On the task thread: answers TIMEOUT for requests accepted longer ago than the timeout. */
    private void answerTimedOut() {
        long now = System.nanoTime();
        long timeoutNanos = settings.timeout().toNanos();
        List<Long> late = new ArrayList<>();
        // Acceptance order: the first one not late ends the scan.
        for (Map.Entry<Long, InFlight> e : inFlight.entrySet()) {
            if (now - e.getValue().startNanos() < timeoutNanos) {
                break;
            }
            late.add(e.getKey());
        }
        for (long id : late) {
            DecodeResult decoded = codec.decode(inFlight.get(id).raw().value());
            if (decoded instanceof Frame f && f.message() instanceof InferenceRequest request) {
                finish(
                        id,
                        InferenceResult.failure(
                                request,
                                nowMicros(),
                                Status.TIMEOUT,
                                "no answer within " + settings.timeout()));
            }
        }
    }

    private InferenceResult toResult(
            InferenceRequest request,
            ServedModel model,
            String cacheKey,
            Batched<SampleOutput> batched,
            Throwable error) {
        if (error == null) {
            List<NamedTensor> outputs = model.adapter().toOutputs(batched.value());
            if (cacheKey != null) {
                cache.put(cacheKey, outputs);
            }
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
                        : Status.ENGINE_ERROR;
        return InferenceResult.failure(
                request,
                nowMicros(),
                status,
                cause.getClass().getSimpleName() + ": " + cause.getMessage());
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
    private void finish(long id, InferenceResult result) {
        InFlight accepted = inFlight.remove(id);
        if (accepted == null) {
            return;
        }
        RawFrame raw = accepted.raw();
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
        metrics.onResult(result.status(), (System.nanoTime() - accepted.startNanos()) / 1000);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<RawFrame> unanswered = new ArrayList<>(inFlight.size());
        for (InFlight f : inFlight.values()) {
            unanswered.add(f.raw());
        }
        inFlightState.update(unanswered);
    }

    /**
     * Bounded inputs: answer everything accepted before finishing. Flink has stopped this
     * operator's timers by now, so the timeout check runs here between letters.
     */
    @Override
    public void finish() throws Exception {
        while (!inFlight.isEmpty()) {
            if (!mailbox.tryYield()) {
                answerTimedOut();
                LockSupport.parkNanos(FINISH_POLL_NANOS);
            }
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
