package io.edgeflow.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MapTileTest {
    final FrameCodec codec = new FrameCodec();

    @Test
    void roundTripsCompressedAndKeepsItsCells() {
        byte[] cells = new byte[64 * 64];
        for (int k = 0; k < cells.length; k++) {
            cells[k] = (byte) (k % 7 == 0 ? MapTile.UNKNOWN : k % 101);
        }
        MapTile tile = new MapTile(12, 5_000_000L, "site-a", 4, -7, 0.05f, 64, cells);
        byte[] wire = codec.encode(NodeId.of("site-a"), tile, Compression.DEFLATE);
        DecodeResult decoded = codec.decode(wire);
        assertThat(decoded).isEqualTo(new Frame(NodeId.of("site-a"), Compression.DEFLATE, tile));
        assertThat(tile.cell(1, 0)).isEqualTo(1);
        assertThat(tile.cell(0, 1)).isEqualTo(64 % 101);
        assertThat(tile.key()).isEqualTo("site-a/4/-7");
        assertThat(wire.length).isLessThan(cells.length / 2);
    }

    @Test
    void rejectsCellsOutsideThePercentRangeAndWrongCounts() {
        assertThat(
                        new MapTile(0, 0, "g", 0, 0, 0.05f, 2, new byte[] {0, 101, 0, 0})
                                .invalidReason())
                .contains("cell 1 is 101");
        assertThat(new MapTile(0, 0, "g", 0, 0, 0.05f, 2, new byte[3]).invalidReason())
                .contains("size² = 4");
        assertThat(new MapTile(0, 0, "", 0, 0, 0.05f, 1, new byte[1]).invalidReason())
                .isEqualTo("empty group");
    }
}
