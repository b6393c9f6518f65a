package io.edgeflow.jobs.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeflow.jobs.HeadlessChromium;
import io.edgeflow.kafka.KraftBroker;
import io.edgeflow.protocol.Compression;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.PoseEstimate;
import io.edgeflow.protocol.Topics;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The live map page end to end: a real broker holds tiles of a rendered room and two robots' global
 * poses, the map server reads them, headless Chromium draws the page, and the screenshot's pixels
 * are checked against the tiles (black where they say occupied, white where free, grey where
 * unknown) and the trajectories (each robot's colour along its path). A second batch — a newer tile
 * with a new obstacle, a stale tile, more poses — then changes the open page's pixels.
 */
class MapPageTest {
    private static final String GROUP = "site-a";
    private static final float RES = 0.05f;
    private static final int SIZE = 64;
    private static final Path OUT = Path.of("target", "map-page");
    private static final FrameCodec CODEC = new FrameCodec();

    /** The room: walls 0.2 m thick around [-1, 11] × [-1, 7], a pillar, unknown outside. */
    private static int room(double x, double y, boolean secondBatch) {
        if (x < -1 || x >= 11 || y < -1 || y >= 7) {
            return -1;
        }
        if (x < -0.8 || x >= 10.8 || y < -0.8 || y >= 6.8) {
            return 100;
        }
        if (x >= 3 && x < 4 && y >= 3 && y < 4) {
            return 100;
        }
        if (secondBatch && x >= 7 && x < 8 && y >= 1 && y < 2) {
            return 100; // appears in version 2 of tile (2, 0)
        }
        return 0;
    }

    private static MapTile tile(int tx, int ty, long version, boolean secondBatch) {
        byte[] cells = new byte[SIZE * SIZE];
        for (int j = 0; j < SIZE; j++) {
            for (int i = 0; i < SIZE; i++) {
                double x = (tx * SIZE + i + 0.5) * RES;
                double y = (ty * SIZE + j + 0.5) * RES;
                cells[j * SIZE + i] = (byte) room(x, y, secondBatch);
            }
        }
        return new MapTile(version, 1_000_000L * version, GROUP, tx, ty, RES, SIZE, cells);
    }

    private static List<Pose2> line(double x0, double y0, double x1, double y1, int n) {
        List<Pose2> out = new ArrayList<>();
        double heading = Math.atan2(y1 - y0, x1 - x0);
        for (int k = 0; k < n; k++) {
            double t = (double) k / (n - 1);
            out.add(new Pose2(x0 + t * (x1 - x0), y0 + t * (y1 - y0), heading));
        }
        return out;
    }

    @Test
    void thePageDrawsTheTilesAndTrajectoriesAndFollowsNewerTiles() throws Exception {
        Files.createDirectories(OUT);
        Path work = Files.createTempDirectory(OUT, "run");
        String robotA = NodeId.hex(NodeId.of("robot-a"));
        String robotB = NodeId.hex(NodeId.of("robot-b"));
        List<Pose2> pathA1 = line(0.5, 5.5, 9.5, 5.5, 91);
        List<Pose2> pathA2 = line(9.5, 5.0, 9.5, 0.5, 46);
        List<Pose2> pathB = line(1.0, 0.3, 1.0, 4.5, 43);
        try (KraftBroker broker = KraftBroker.start(work.resolve("kafka"), 0);
                KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
            broker.createTopics(
                    List.of(
                            new NewTopic(Topics.MAP_TILES, 2, (short) 1)
                                    .configs(Map.of("cleanup.policy", "compact")),
                            new NewTopic(Topics.POSES_GLOBAL, 2, (short) 1)));
            for (int ty = -1; ty <= 2; ty++) {
                for (int tx = -1; tx <= 3; tx++) {
                    send(producer, tile(tx, ty, 1, false));
                }
            }
            // another group's tile over the same place must not show
            byte[] full = new byte[SIZE * SIZE];
            java.util.Arrays.fill(full, (byte) 100);
            send(producer, new MapTile(5, 0, "site-b", 0, 0, RES, SIZE, full));
            sendPoses(producer, "robot-a", pathA1, 0);
            sendPoses(producer, "robot-b", pathB, 0);
            producer.flush();

            MapStore store = new MapStore(GROUP);
            try (MapFeed feed =
                            new MapFeed(
                                            broker.bootstrapServers(),
                                            Topics.MAP_TILES,
                                            Topics.POSES_GLOBAL,
                                            store)
                                    .start();
                    MapServer server = MapServer.start(store, 0);
                    HeadlessChromium chromium = HeadlessChromium.start(work, 1600, 1000)) {
                await(() -> store.stats().tiles() == 20 && store.stats().poses() == 134, store);
                assertEquals(1, store.stats().otherGroups());

                chromium.navigate(server.url());
                waitForDrawing(chromium, store.revision());
                BufferedImage first =
                        ImageIO.read(chromium.screenshot(OUT.resolve("first.png")).toFile());
                Map<String, List<Pose2>> paths = Map.of(robotA, pathA1, robotB, pathB);
                checkCells(chromium, first, false, paths);
                checkTrajectories(chromium, first, paths);
                String text = chromium.evaluate("document.body.innerText").asText();
                assertTrue(text.contains(robotA) && text.contains(robotB), text);
                assertTrue(text.contains("20 tiles (newest v1)"), text);

                // the second batch: a newer tile, a stale one, more of robot A's path
                send(producer, tile(2, 0, 2, true));
                byte[] blank = new byte[SIZE * SIZE];
                send(producer, new MapTile(0, 0, GROUP, 0, 0, RES, SIZE, blank));
                sendPoses(producer, "robot-a", pathA2, pathA1.size());
                producer.flush();
                await(() -> store.stats().poses() == 180 && store.stats().staleTiles() == 1, store);
                waitForDrawing(chromium, store.revision());
                BufferedImage second =
                        ImageIO.read(chromium.screenshot(OUT.resolve("second.png")).toFile());
                List<Pose2> allA = new ArrayList<>(pathA1);
                allA.addAll(pathA2);
                Map<String, List<Pose2>> paths2 = Map.of(robotA, allA, robotB, pathB);
                checkCells(chromium, second, true, paths2);
                checkTrajectories(chromium, second, paths2);
                // the new obstacle was white in the first picture and is black now
                int[] block = pixels(chromium, List.of(new double[] {7.5, 1.5})).get(0);
                assertEquals(Shade.FREE, Shade.of(first.getRGB(block[0], block[1])));
                assertEquals(Shade.OCCUPIED, Shade.of(second.getRGB(block[0], block[1])));
                assertTrue(
                        chromium.evaluate("document.body.innerText")
                                .asText()
                                .contains("newest v2"));
            }
        }
    }

    private enum Shade {
        FREE,
        OCCUPIED,
        UNKNOWN,
        OTHER;

        static Shade of(int rgb) {
            int r = (rgb >> 16) & 0xff;
            int g = (rgb >> 8) & 0xff;
            int b = rgb & 0xff;
            if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 12) {
                return OTHER;
            }
            return r > 235 ? FREE : r < 30 ? OCCUPIED : Math.abs(r - 160) < 15 ? UNKNOWN : OTHER;
        }

        static Shade ofCell(int value) {
            return value < 0 ? UNKNOWN : value >= 50 ? OCCUPIED : FREE;
        }
    }

    /**
     * Every cell whose neighbours within one cell share its class, away from the trajectories and
     * the scale bar, is drawn in its class's shade.
     */
    private static void checkCells(
            HeadlessChromium chromium,
            BufferedImage img,
            boolean secondBatch,
            Map<String, List<Pose2>> paths)
            throws Exception {
        List<double[]> points = new ArrayList<>();
        List<Shade> expected = new ArrayList<>();
        for (double y = -3.2 + RES / 2; y < 9.6; y += RES * 3) {
            for (double x = -3.2 + RES / 2; x < 12.8; x += RES * 3) {
                int v = room(x, y, secondBatch);
                boolean uniform = true;
                for (int dj = -1; dj <= 1 && uniform; dj++) {
                    for (int di = -1; di <= 1; di++) {
                        if (Shade.ofCell(room(x + di * RES, y + dj * RES, secondBatch))
                                != Shade.ofCell(v)) {
                            uniform = false;
                            break;
                        }
                    }
                }
                if (uniform && farFrom(paths, x, y, 0.3)) {
                    points.add(new double[] {x, y});
                    expected.add(Shade.ofCell(v));
                }
            }
        }
        List<int[]> px = pixels(chromium, points);
        int checked = 0;
        int[] perShade = new int[3];
        List<String> wrong = new ArrayList<>();
        for (int k = 0; k < points.size(); k++) {
            int[] p = px.get(k);
            if (p[0] < 220 && p[1] > img.getHeight() - 70) {
                continue; // under the scale bar
            }
            checked++;
            Shade got = Shade.of(img.getRGB(p[0], p[1]));
            perShade[expected.get(k).ordinal()]++;
            if (got != expected.get(k)) {
                wrong.add(
                        String.format(
                                "(%.2f, %.2f) → %s, not %s",
                                points.get(k)[0], points.get(k)[1], got, expected.get(k)));
            }
        }
        assertTrue(
                perShade[0] > 1000 && perShade[1] > 100 && perShade[2] > 1000,
                Arrays.toString(perShade));
        assertTrue(
                wrong.isEmpty(),
                wrong.size()
                        + " of "
                        + checked
                        + " cells wrong: "
                        + wrong.subList(0, Math.min(10, wrong.size())));
    }

    /** Halfway between consecutive poses, the pixel is the robot's colour; robots differ. */
    private static void checkTrajectories(
            HeadlessChromium chromium, BufferedImage img, Map<String, List<Pose2>> paths)
            throws Exception {
        List<Integer> colours = new ArrayList<>();
        for (var e : paths.entrySet()) {
            String css = chromium.evaluate("edgeflowMap.colorOf('" + e.getKey() + "')").asText();
            assertTrue(css.matches("#[0-9a-f]{6}"), "colour " + css);
            int colour = Integer.parseInt(css.substring(1), 16);
            colours.add(colour);
            List<Pose2> path = e.getValue();
            List<double[]> mids = new ArrayList<>();
            // the last pose carries the robot's marker; check the path before it
            for (int k = 0; k + 1 < path.size() - 3; k++) {
                mids.add(
                        new double[] {
                            (path.get(k).x() + path.get(k + 1).x()) / 2,
                            (path.get(k).y() + path.get(k + 1).y()) / 2
                        });
            }
            int matches = 0;
            List<int[]> px = pixels(chromium, mids);
            for (int[] p : px) {
                if (distance(img.getRGB(p[0], p[1]), colour) < 40) {
                    matches++;
                }
            }
            // where A's two legs meet, the later segment's round join may cover a pixel or two
            assertTrue(
                    matches >= px.size() - 2,
                    e.getKey() + ": " + matches + " of " + px.size() + " in its colour");
        }
        assertTrue(
                distance(colours.get(0), colours.get(1)) > 100, "robots drawn in similar colours");
    }

    private static boolean farFrom(Map<String, List<Pose2>> paths, double x, double y, double d) {
        for (List<Pose2> path : paths.values()) {
            for (Pose2 p : path) {
                if (Math.hypot(p.x() - x, p.y() - y) < d) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double distance(int a, int b) {
        int dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
        int dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
        int db = (a & 0xff) - (b & 0xff);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /** Screenshot pixel coordinates of world points, as the page maps them. */
    private static List<int[]> pixels(HeadlessChromium chromium, List<double[]> world)
            throws Exception {
        StringBuilder js =
                new StringBuilder(
                        "(() => { const r = document.getElementById('map').getBoundingClientRect(); return [");
        for (double[] p : world) {
            js.append('[').append(p[0]).append(',').append(p[1]).append("],");
        }
        js.append(
                "].map(p => { const q = edgeflowMap.worldToPixel(p[0], p[1]);"
                        + " return [Math.floor(q[0] + r.left), Math.floor(q[1] + r.top)]; }); })()");
        JsonNode out = chromium.evaluate(js.toString());
        List<int[]> px = new ArrayList<>();
        for (JsonNode n : out) {
            px.add(new int[] {n.get(0).asInt(), n.get(1).asInt()});
        }
        assertEquals(world.size(), px.size());
        return px;
    }

    private static void waitForDrawing(HeadlessChromium chromium, long revision) throws Exception {
        chromium.waitUntil(
                "window.edgeflowMap && edgeflowMap.drawnRevision >= " + revision,
                60,
                "the page drawing revision " + revision);
    }

    private static void await(BooleanSupplier done, MapStore store) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the feed stalled at " + store.stats());
            Thread.sleep(100);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, MapTile t) {
        producer.send(
                new ProducerRecord<>(
                        Topics.MAP_TILES,
                        t.key().getBytes(StandardCharsets.UTF_8),
                        CODEC.encode(NodeId.of(t.group()), t, Compression.DEFLATE)));
    }

    private static void sendPoses(
            KafkaProducer<byte[], byte[]> producer, String robot, List<Pose2> path, long firstSeq) {
        int id = NodeId.of(robot);
        for (int k = 0; k < path.size(); k++) {
            PoseEstimate e =
                    new PoseEstimate(
                            firstSeq + k,
                            (firstSeq + k) * 100_000,
                            PoseEstimate.Source.GLOBAL_MAP,
                            path.get(k),
                            0);
            producer.send(
                    new ProducerRecord<>(
                            Topics.POSES_GLOBAL,
                            NodeId.hex(id).getBytes(StandardCharsets.UTF_8),
                            CODEC.encode(id, e)));
        }
    }
}
