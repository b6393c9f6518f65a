package io.edgeflow.state.sync;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;

/**
 * A hybrid logical clock reading (Kulkarni et al., 2014): wall-clock milliseconds, a logical
 * counter for events within the same millisecond or behind a faster remote clock, and the node that
 * stamped it, which makes the order total.
 */
public record HlcTimestamp(long physicalMillis, int logical, String nodeId)
        implements Comparable<HlcTimestamp> {

    private static final Comparator<HlcTimestamp> ORDER =
            Comparator.comparingLong(HlcTimestamp::physicalMillis)
                    .thenComparingInt(HlcTimestamp::logical)
                    .thenComparing(HlcTimestamp::nodeId);

    @Override
    public int compareTo(HlcTimestamp o) {
        return ORDER.compare(this, o);
    }

    public boolean isAfter(HlcTimestamp o) {
        return compareTo(o) > 0;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(physicalMillis);
        out.writeInt(logical);
        out.writeUTF(nodeId);
    }

    static HlcTimestamp readFrom(DataInput in) throws IOException {
        return new HlcTimestamp(in.readLong(), in.readInt(), in.readUTF());
    }
}
