package io.edgeflow.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test vectors published in docs/protocol.md, checked against the codec both ways. */
class ProtocolTestVectorsTest {
    static final Pattern VECTOR =
            Pattern.compile("### Vector: (\\w+)\\n.*?```hex\\n(.*?)```", Pattern.DOTALL);
    static Map<String, byte[]> vectors;
    final FrameCodec codec = new FrameCodec();
    final int node = NodeId.of(ProtocolExamples.ROBOT);

    @BeforeAll
    static void readDocs() throws IOException {
        Path doc = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && doc == null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/protocol.md"))) {
                doc = p.resolve("docs/protocol.md");
            }
        }
        assertThat(doc).as("docs/protocol.md above " + Path.of("").toAbsolutePath()).isNotNull();
        vectors = new HashMap<>();
        Matcher m = VECTOR.matcher(Files.readString(doc));
        while (m.find()) {
            vectors.put(m.group(1), HexFormat.of().parseHex(m.group(2).replaceAll("\\s+", "")));
        }
        assertThat(vectors)
                .containsOnlyKeys(
                        "odometry",
                        "laser_scan",
                        "heartbeat",
                        "pose_estimate",
                        "sync_update",
                        "map_tile",
                        "laser_scan_deflate");
    }

    @Test
    void odometry() {
        check("odometry", ProtocolExamples.odometry());
    }

    @Test
    void laserScan() {
        check("laser_scan", ProtocolExamples.laserScan());
    }

    @Test
    void heartbeat() {
        check("heartbeat", ProtocolExamples.heartbeat());
    }

    @Test
    void poseEstimate() {
        check("pose_estimate", ProtocolExamples.poseEstimate());
    }

    @Test
    void syncUpdate() {
        check("sync_update", ProtocolExamples.syncUpdate());
    }

    @Test
    void mapTile() {
        check("map_tile", ProtocolExamples.mapTile());
    }

    @Test
    void deflatedScanDecodesToTheScan() {
        DecodeResult r = codec.decode(vectors.get("laser_scan_deflate"));
        assertThat(r).isEqualTo(new Frame(node, Compression.DEFLATE, ProtocolExamples.laserScan()));
    }

    private void check(String name, Message m) {
        assertThat(codec.encode(node, m)).as("encoding of %s", name).isEqualTo(vectors.get(name));
        assertThat(codec.decode(vectors.get(name))).isEqualTo(new Frame(node, Compression.NONE, m));
    }
}
