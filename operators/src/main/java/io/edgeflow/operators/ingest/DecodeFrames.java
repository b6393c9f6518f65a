package io.edgeflow.operators.ingest;

import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.protocol.DecodeError;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.KeyRing;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and verifies protocol frames. Valid frames go downstream; anything else goes to the
 * {@link #DEAD_LETTERS} side output with its reason, and is counted in the metric group {@code
 * edgeflow.dlq} by reason. Never throws on bad input, so one corrupt frame cannot stop the job.
 */
public final class DecodeFrames extends ProcessFunction<RawFrame, Frame> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final int maxPayloadBytes;
    private final KeyRing keyRing;
    private transient FrameCodec codec;
    private transient Counter decoded;
    private transient Map<DecodeError.Reason, Counter> rejected;

    public DecodeFrames(int maxPayloadBytes) {
        this(maxPayloadBytes, null);
    }

    /**
     * @param keyRing the nodes' keys: encrypted frames are verified and decrypted with it, and one
     *     that fails verification is dead-lettered as {@code auth_failed}; null rejects encrypted
     *     frames as {@code unsupported_flags}
     */
    public DecodeFrames(int maxPayloadBytes, KeyRing keyRing) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.keyRing = keyRing;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = new FrameCodec(maxPayloadBytes, keyRing);
        MetricGroup edgeflow = getRuntimeContext().getMetricGroup().addGroup("edgeflow");
        decoded = edgeflow.counter("framesDecoded");
        MetricGroup dlq = edgeflow.addGroup("dlq");
        rejected = new EnumMap<>(DecodeError.Reason.class);
        for (DecodeError.Reason r : DecodeError.Reason.values()) {
            rejected.put(r, dlq.counter(r.label()));
        }
    }

    @Override
    public void processElement(RawFrame raw, Context ctx, Collector<Frame> out) {
        DecodeResult result = codec.decode(raw.value());
        if (result instanceof Frame frame) {
            decoded.inc();
            out.collect(frame);
        } else {
            DecodeError error = (DecodeError) result;
            rejected.get(error.reason()).inc();
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetter.of(
                            raw,
                            error.reason().label(),
                            error.detail(),
                            ctx.timerService().currentProcessingTime()));
        }
    }
}
