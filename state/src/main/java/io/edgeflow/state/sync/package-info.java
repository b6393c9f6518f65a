/**
 * Replicated edge state: hybrid logical clocks, version vectors, CRDTs, per-key merge strategies
 * and the document merger. Plain Java on purpose (no Flink types), so nodes and tests use it too.
 *
 * <p>A Flink wrapper (KeyedProcessFunction keyed by document key) keeps one {@link
 * io.edgeflow.state.sync.DocumentState} in ValueState and, for each {@link
 * io.edgeflow.state.sync.SyncUpdate}, stores {@code merger.apply(state, update)} and publishes it
 * to the compacted topic if it changed. Every replica must build its {@link
 * io.edgeflow.state.sync.DocumentMerger} from the same {@link
 * io.edgeflow.state.sync.MergeStrategyRegistry}. Nodes write through {@link
 * io.edgeflow.state.sync.SyncReplica} and feed the published state back into it.
 */
package io.edgeflow.state.sync;
