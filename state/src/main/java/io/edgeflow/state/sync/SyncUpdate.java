package io.edgeflow.state.sync;

import java.util.Arrays;

/**
 * One node's update of one shared document, as a SYNC_UPDATE frame carries it.
 *
 * @param stamp the writer's hybrid logical clock at the write
 * @param version the writer's version vector of this key, including this write
 * @param value the new value (register strategies) or the writer's whole CRDT state (CRDT
 *     strategies)
 */
public record SyncUpdate(
        String key, HlcTimestamp stamp, VersionVector version, byte[] value, String nodeId) {

    public SyncUpdate {
        value = value.clone();
        if (version.get(nodeId) < 1) {
            throw new IllegalArgumentException("version of " + nodeId + " must count this write");
        }
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The event this update is: the writer's n-th write of the key. */
    public Dot dot() {
        return new Dot(nodeId, version.get(nodeId));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncUpdate u
                && key.equals(u.key)
                && stamp.equals(u.stamp)
                && version.equals(u.version)
                && Arrays.equals(value, u.value)
                && nodeId.equals(u.nodeId);
    }

    @Override
    public int hashCode() {
        return (key.hashCode() * 31 + stamp.hashCode()) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "SyncUpdate["
                + key
                + " "
                + dot()
                + " "
                + stamp
                + " "
                + version
                + " "
                + value.length
                + " bytes]";
    }
}
