package io.edgeflow.jobs.control;

import io.edgeflow.operators.deadletter.DeadLetter;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.SyncUpdateMessage;
import io.edgeflow.state.sync.MergeStrategyRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Lets through the decoded frames the merge can take: SYNC_UPDATE frames whose declared strategy is
 * the one this job's registry gives their key. Any other frame goes to the dead-letter queue
 * ({@code not_sync_update}, {@code strategy_mismatch}): merging an update by a strategy its writer
 * did not assume would silently corrupt the document.
 *
 * <p>The decoder already dropped the original record, so a dead letter here carries the frame
 * re-encoded (uncompressed, unencrypted) and no source offset.
 */
public final class SyncUpdateCheck extends ProcessFunction<Frame, Frame> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("sync-dead-letters", TypeInformation.of(DeadLetter.class));

    private final String sourceTopic;
    private final SerializableSupplier<MergeStrategyRegistry> strategies;
    private transient MergeStrategyRegistry registry;
    private transient FrameCodec codec;
    private transient Counter rejected;

    public SyncUpdateCheck(
            String sourceTopic, SerializableSupplier<MergeStrategyRegistry> strategies) {
        this.sourceTopic = sourceTopic;
        this.strategies = strategies;
    }

    @Override
    public void open(OpenContext openContext) {
        registry = strategies.get();
        codec = new FrameCodec(Integer.MAX_VALUE);
        rejected =
                getRuntimeContext().getMetricGroup().addGroup("edgeflow").counter("syncRejected");
    }

    @Override
    public void processElement(Frame frame, Context ctx, Collector<Frame> out) {
        if (!(frame.message() instanceof SyncUpdateMessage m)) {
            reject(frame, "", "not_sync_update", frame.type() + " frame on the sync topic", ctx);
            return;
        }
        String declared = registry.strategyFor(m.key()).name();
        if (!declared.equals(m.strategy())) {
            reject(
                    frame,
                    m.key(),
                    "strategy_mismatch",
                    "key " + m.key() + " is " + declared + ", the writer assumed " + m.strategy(),
                    ctx);
            return;
        }
        out.collect(frame);
    }

    private void reject(Frame frame, String key, String reason, String detail, Context ctx) {
        rejected.inc();
        ctx.output(
                DEAD_LETTERS,
                new DeadLetter(
                        reason,
                        detail,
                        sourceTopic,
                        -1,
                        -1,
                        key.getBytes(StandardCharsets.UTF_8),
                        codec.encode(frame.nodeId(), frame.message()),
                        ctx.timerService().currentProcessingTime()));
    }
}
