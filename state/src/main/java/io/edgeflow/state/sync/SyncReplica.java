package io.edgeflow.state.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The node side of sync: a node's local copy of the shared documents, its hybrid logical clock, and
 * the updates it writes. A write is stamped after everything the node has received and its version
 * vector includes the node's whole local context of the key, so it supersedes what the node has
 * seen and conflicts only with what it has not.
 */
public final class SyncReplica {

    private final String nodeId;
    private final HybridLogicalClock clock;
    private final DocumentMerger merger;
    private final Map<String, DocumentState> documents = new HashMap<>();

    public SyncReplica(String nodeId, DocumentMerger merger) {
        this.nodeId = nodeId;
        this.clock = new HybridLogicalClock(nodeId);
        this.merger = merger;
    }

    public String nodeId() {
        return nodeId;
    }

    public DocumentState document(String key) {
        return documents.getOrDefault(key, DocumentState.empty(key));
    }

    /** Writes a register value (last-writer-wins, multi-value or custom keys). */
    public SyncUpdate write(String key, byte[] value, long wallMillis) {
        return emit(key, value, wallMillis);
    }

    public SyncUpdate addToCounter(String key, long delta, long wallMillis) {
        return emitCrdt(
                key,
                CrdtType.COUNTER,
                bytes -> PnCounter.fromBytes(bytes).add(nodeId, delta).toBytes(),
                wallMillis);
    }

    public SyncUpdate addToSet(String key, String element, long wallMillis) {
        return emitCrdt(
                key,
                CrdtType.OR_SET,
                bytes -> OrSet.fromBytes(bytes).add(nodeId, element).toBytes(),
                wallMillis);
    }

    public SyncUpdate removeFromSet(String key, String element, long wallMillis) {
        return emitCrdt(
                key,
                CrdtType.OR_SET,
                bytes -> OrSet.fromBytes(bytes).remove(element).toBytes(),
                wallMillis);
    }

    public SyncUpdate putField(String key, String field, byte[] value, long wallMillis) {
        HlcTimestamp stamp = clock.now(wallMillis);
        byte[] state = crdtState(key, CrdtType.LWW_MAP);
        byte[] next = LwwMap.fromBytes(state).put(field, value, stamp).toBytes();
        return emitStamped(key, next, stamp);
    }

    public SyncUpdate removeField(String key, String field, long wallMillis) {
        HlcTimestamp stamp = clock.now(wallMillis);
        byte[] next =
                LwwMap.fromBytes(crdtState(key, CrdtType.LWW_MAP)).remove(field, stamp).toBytes();
        return emitStamped(key, next, stamp);
    }

    /** Merges an update from elsewhere (another node, or the merged state read back). */
    public void receive(SyncUpdate update, long wallMillis) {
        clock.receive(update.stamp(), wallMillis);
        documents.put(update.key(), merger.apply(document(update.key()), update));
    }

    private byte[] crdtState(String key, CrdtType type) {
        byte[] current = document(key).value();
        return current == null ? type.empty() : current;
    }

    private SyncUpdate emitCrdt(
            String key, CrdtType type, UnaryOperator<byte[]> op, long wallMillis) {
        return emit(key, op.apply(crdtState(key, type)), wallMillis);
    }

    private SyncUpdate emit(String key, byte[] value, long wallMillis) {
        return emitStamped(key, value, clock.now(wallMillis));
    }

    private SyncUpdate emitStamped(String key, byte[] value, HlcTimestamp stamp) {
        DocumentState doc = document(key);
        SyncUpdate update =
                new SyncUpdate(key, stamp, doc.context().increment(nodeId), value, nodeId);
        documents.put(key, merger.apply(doc, update));
        return update;
    }
}
