package io.edgeflow.jobs.control;

import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.SyncUpdateMessage;
import io.edgeflow.state.sync.DocumentMerger;
import io.edgeflow.state.sync.DocumentState;
import io.edgeflow.state.sync.DocumentStateCodec;
import io.edgeflow.state.sync.MergeStrategyRegistry;
import io.edgeflow.state.sync.SyncMessages;
import io.edgeflow.state.sync.SyncUpdate;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Keyed by document key: merges each SYNC_UPDATE into the key's state with {@link DocumentMerger}
 * (concurrency by version vectors, resolution by the key's strategy) and publishes the state when
 * it changed. The state lives in keyed state as {@link DocumentStateCodec} bytes (RocksDB on a
 * cluster); a duplicate or an update already superseded changes nothing and publishes nothing, so
 * replays after a restart are harmless.
 */
public final class SyncMergeFunction extends KeyedProcessFunction<String, Frame, MergedDocument> {

    private final SerializableSupplier<MergeStrategyRegistry> strategies;
    private transient MergeStrategyRegistry registry;
    private transient DocumentMerger merger;
    private transient ValueState<byte[]> document;
    private transient Counter merged;
    private transient Counter unchanged;

    /**
     * @param strategies builds the registry; every replica of a document (nodes, this job) must use
     *     the same one
     */
    public SyncMergeFunction(SerializableSupplier<MergeStrategyRegistry> strategies) {
        this.strategies = strategies;
    }

    @Override
    public void open(OpenContext openContext) {
        registry = strategies.get();
        merger = new DocumentMerger(registry);
        document =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "document",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        var group = getRuntimeContext().getMetricGroup().addGroup("edgeflow");
        merged = group.counter("syncUpdatesMerged");
        unchanged = group.counter("syncUpdatesUnchanged");
    }

    @Override
    public void processElement(Frame frame, Context ctx, Collector<MergedDocument> out)
            throws Exception {
        SyncUpdate update = SyncMessages.fromMessage((SyncUpdateMessage) frame.message());
        byte[] stored = document.value();
        DocumentState current =
                stored == null
                        ? DocumentState.empty(update.key())
                        : DocumentStateCodec.decode(stored).state();
        DocumentState next = merger.apply(current, update);
        byte[] bytes = DocumentStateCodec.encode(registry.strategyFor(update.key()).name(), next);
        if (Arrays.equals(bytes, stored)) {
            unchanged.inc();
            return;
        }
        merged.inc();
        document.update(bytes);
        out.collect(new MergedDocument(update.key(), bytes));
    }
}
