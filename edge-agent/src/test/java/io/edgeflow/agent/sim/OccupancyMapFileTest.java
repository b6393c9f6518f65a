package io.edgeflow.agent.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OccupancyMapFileTest {
    @TempDir Path dir;

    @Test
    void writesAndReadsBackTheSameTrinaryMap() throws IOException {
        OccupancyMap room = Rooms.withBlock(Rooms.box(3, 2, 0.05), 1, 1, 1.5, 1.2);
        Path yaml = dir.resolve("room.yaml");
        OccupancyMapFile.write(room, yaml);
        OccupancyMap back = OccupancyMapFile.read(yaml);
        assertEquals(room.width(), back.width());
        assertEquals(room.height(), back.height());
        assertEquals(room.resolution(), back.resolution(), 1e-9);
        assertEquals(room.originX(), back.originX(), 1e-9);
        assertEquals(room.originY(), back.originY(), 1e-9);
        assertArrayEquals(room.cells(), back.cells());
        assertEquals(true, Files.exists(dir.resolve("room.png")));
    }

    @Test
    void readsAMapServerMapWithItsTopRowAtTheHighestY() throws IOException {
        // 3×2 pixels: top row black, white, grey (205); bottom row white, white, black
        byte[] header = "P5\n# a comment\n3 2\n255\n".getBytes(StandardCharsets.US_ASCII);
        byte[] pixels = {0, (byte) 254, (byte) 205, (byte) 254, (byte) 254, 0};
        byte[] pgm = new byte[header.length + pixels.length];
        System.arraycopy(header, 0, pgm, 0, header.length);
        System.arraycopy(pixels, 0, pgm, header.length, pixels.length);
        Files.write(dir.resolve("m.pgm"), pgm);
        Files.writeString(
                dir.resolve("m.yaml"),
                "image: m.pgm\nresolution: 0.1\norigin: [-1.0, 2.5, 0.0]\nnegate: 0\n"
                        + "occupied_thresh: 0.65\nfree_thresh: 0.196\n");
        OccupancyMap m = OccupancyMapFile.read(dir.resolve("m.yaml"));
        assertEquals(0, m.cell(0, 0));
        assertEquals(100, m.cell(2, 0));
        assertEquals(100, m.cell(0, 1));
        assertEquals(-1, m.cell(2, 1));
        assertEquals(0, m.cellX(-0.95));
        assertEquals(1, m.cellY(2.65));
    }

    @Test
    void aTruncatedImageIsAClearError() throws IOException {
        Files.write(dir.resolve("t.pgm"), "P5\n4 4\n255\n\0\0".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(
                dir.resolve("t.yaml"), "image: t.pgm\nresolution: 0.05\norigin: [0, 0, 0]\n");
        IOException e =
                assertThrows(IOException.class, () -> OccupancyMapFile.read(dir.resolve("t.yaml")));
        assertEquals(true, e.getMessage().contains("truncated"));
    }
}
