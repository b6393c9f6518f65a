package io.edgeflow.state.sync;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The merged state of one key, as the merge operator keeps it and publishes it.
 *
 * @param context the merge of the version vectors of every update seen: a node that read this state
 *     writes its next update on top of it
 * @param retained updates no other seen update has seen (the causal frontier), oldest stamp first;
 *     at most one per writing node since a node's own writes are ordered. Empty for CRDT keys, only
 *     the winner for last-writer-wins
 * @param visible the siblings a reader sees: the winner, the newest {@code maxSiblings}, or all
 * @param value the resolved value, or null if none (nothing written, or more than one visible
 *     sibling under multi-value)
 */
public record DocumentState(
        String key,
        VersionVector context,
        List<SyncUpdate> retained,
        List<SyncUpdate> visible,
        byte[] value) {

    public DocumentState {
        retained = List.copyOf(retained);
        visible = List.copyOf(visible);
        value = value == null ? null : value.clone();
    }

    public static DocumentState empty(String key) {
        return new DocumentState(key, VersionVector.EMPTY, List.of(), List.of(), null);
    }

    public Optional<byte[]> resolvedValue() {
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocumentState d
                && key.equals(d.key)
                && context.equals(d.context)
                && retained.equals(d.retained)
                && visible.equals(d.visible)
                && Arrays.equals(value, d.value);
    }

    @Override
    public int hashCode() {
        return (key.hashCode() * 31 + context.hashCode()) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "DocumentState["
                + key
                + " ctx "
                + context
                + " retained "
                + retained.size()
                + " visible "
                + visible.size()
                + " value "
                + (value == null ? "none" : value.length + " bytes")
                + "]";
    }
}
