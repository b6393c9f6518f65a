package io.edgeflow.protocol;

import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;
import java.util.Arrays;

/**
 * One square tile of a map group's merged occupancy grid (the payload of edgeflow.map.tiles, a
 * compacted topic keyed by {@link #key()}). Tile (x, y) covers the group frame's square [x·s·r,
 * (x+1)·s·r) × [y·s·r, (y+1)·s·r) for size s and resolution r; cell (i, j) — column i, row j, row 0
 * at the tile's lowest y — is {@code cells[j·s + i]}. Cell values follow ROS's OccupancyGrid:
 * 0..100 is the occupancy probability in percent, {@link #UNKNOWN} (-1) means never observed.
 *
 * <p>{@code seq} is the tile's version: it only grows for a given key, so a consumer applies a tile
 * only when its version is newer than the one it holds (replays and re-deliveries are then no-ops).
 * {@code timestampMicros} is the newest robot time whose data the tile reflects.
 */
public record MapTile(
        long seq,
        long timestampMicros,
        String group,
        int tileX,
        int tileY,
        float resolution,
        int size,
        byte[] cells)
        implements Message {

    /** The cell value of a never observed cell. */
    public static final byte UNKNOWN = -1;

    /**
     * Upper bound on cells per side (a 512² tile is 256 KiB, a quarter of the default frame limit).
     */
    public static final int MAX_SIZE = 512;

    /** The Kafka key: the tile's identity within its group, e.g. {@code site-a/-3/12}. */
    public String key() {
        return key(group, tileX, tileY);
    }

    public static String key(String group, int tileX, int tileY) {
        return group + "/" + tileX + "/" + tileY;
    }

    /** Occupancy of cell (i, j) in percent, or {@link #UNKNOWN}. */
    public int cell(int i, int j) {
        return cells[j * size + i];
    }

    @Override
    public MessageType type() {
        return MessageType.MAP_TILE;
    }

    @Override
    public void writeTo(PayloadWriter out) {
        out.i64(seq).i64(timestampMicros).string(group);
        out.i32(tileX).i32(tileY).f32(resolution).u16(size);
        out.bytes(cells);
    }

    static MapTile read(PayloadReader in) throws MalformedPayloadException {
        long seq = in.i64("version");
        long ts = in.i64("timestamp");
        String group = in.string("group");
        int x = in.i32("tile_x");
        int y = in.i32("tile_y");
        float resolution = in.f32("resolution");
        int size = in.u16("size");
        if (size > MAX_SIZE || (long) size * size > in.remaining()) {
            throw new MalformedPayloadException("tile size " + size + " does not fit the payload");
        }
        byte[] cells = in.bytes(size * size, "cells");
        return new MapTile(seq, ts, group, x, y, resolution, size, cells);
    }

    @Override
    public String invalidReason() {
        if (seq < 0) {
            return "negative version";
        }
        if (group.isEmpty()) {
            return "empty group";
        }
        if (!Float.isFinite(resolution) || resolution <= 0) {
            return "resolution must be finite and > 0";
        }
        if (size < 1 || size > MAX_SIZE) {
            return "size must be in 1.." + MAX_SIZE;
        }
        if (cells.length != size * size) {
            return "cells must hold size² = " + size * size + " values, not " + cells.length;
        }
        for (int k = 0; k < cells.length; k++) {
            if (cells[k] != UNKNOWN && (cells[k] < 0 || cells[k] > 100)) {
                return "cell " + k + " is " + cells[k] + " (not -1 or 0..100)";
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapTile t
                && seq == t.seq
                && timestampMicros == t.timestampMicros
                && group.equals(t.group)
                && tileX == t.tileX
                && tileY == t.tileY
                && Float.compare(resolution, t.resolution) == 0
                && size == t.size
                && Arrays.equals(cells, t.cells);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * key().hashCode() + Long.hashCode(seq)) + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return "MapTile[" + key() + " v" + seq + ", " + size + "² @ " + resolution + " m]";
    }
}
