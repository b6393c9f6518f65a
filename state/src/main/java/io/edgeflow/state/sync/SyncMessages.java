package io.edgeflow.state.sync;

import io.edgeflow.protocol.SyncUpdateMessage;
import io.edgeflow.protocol.SyncUpdateMessage.VersionEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Converts between sync updates and the SYNC_UPDATE frames that carry them. */
public final class SyncMessages {

    private SyncMessages() {}

    /**
     * The frame payload of an update.
     *
     * @param strategy the name of the key's strategy in the writer's registry
     * @param seq the writer's frame sequence number
     */
    public static SyncUpdateMessage toMessage(SyncUpdate update, String strategy, long seq) {
        HlcTimestamp stamp = update.stamp();
        if (!stamp.nodeId().equals(update.nodeId())) {
            throw new IllegalArgumentException(
                    "update by " + update.nodeId() + " stamped by " + stamp.nodeId());
        }
        List<VersionEntry> version = new ArrayList<>();
        update.version().asMap().forEach((node, n) -> version.add(new VersionEntry(node, n)));
        return new SyncUpdateMessage(
                seq,
                stamp.physicalMillis() * 1_000,
                update.key(),
                update.nodeId(),
                stamp.physicalMillis(),
                stamp.logical(),
                version,
                strategy,
                update.value());
    }

    /** The update a (decoded, hence valid) SYNC_UPDATE payload carries. */
    public static SyncUpdate fromMessage(SyncUpdateMessage m) {
        Map<String, Long> counters = new TreeMap<>();
        for (VersionEntry e : m.version()) {
            counters.put(e.node(), e.counter());
        }
        return new SyncUpdate(
                m.key(),
                new HlcTimestamp(m.hlcPhysicalMillis(), m.hlcLogical(), m.node()),
                VersionVector.of(counters),
                m.value(),
                m.node());
    }
}
