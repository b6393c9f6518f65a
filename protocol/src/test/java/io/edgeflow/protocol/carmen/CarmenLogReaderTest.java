package io.edgeflow.protocol.carmen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarmenLogReaderTest {

    static Path data(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("data/laser"))) {
                return p.resolve("data/laser").resolve(name);
            }
        }
        throw new IllegalStateException("data/laser not found");
    }

    static List<CarmenRecord> first(Path log, int n) throws IOException {
        List<CarmenRecord> out = new ArrayList<>();
        try (CarmenLogReader r = CarmenLogReader.open(log, w -> {})) {
            while (out.size() < n && r.hasNext()) {
                out.add(r.next());
            }
        }
        return out;
    }

    @Test
    void readsTheIntelLogsFirstOdometryAndScanFromBzip2() throws IOException {
        List<CarmenRecord> records = first(data("intel.clf.bz2"), 3);
        // The log starts: ODOM 0 0 -0.002458 ... 976052857.337284, then a FLASER with 180 beams.
        CarmenOdometry odom = (CarmenOdometry) records.get(0);
        assertThat(odom.pose().theta()).isEqualTo(-0.002458);
        assertThat(odom.timestamp()).isEqualTo(976052857.337284);
        CarmenLaser scan = (CarmenLaser) records.get(1);
        assertThat(scan.ranges()).hasSize(180);
        assertThat(scan.ranges()[0]).isEqualTo(1.07f);
        assertThat(scan.angleMin()).isCloseTo((float) (-Math.PI / 2), offset(1e-6f));
        assertThat(scan.angleIncrement()).isCloseTo((float) Math.toRadians(1), offset(1e-7f));
    }

    @Test
    void fr079ScansHave360BeamsOverHalfACircle() throws IOException {
        CarmenLaser scan =
                first(data("fr079.clf.bz2"), 50).stream()
                        .filter(r -> r instanceof CarmenLaser)
                        .map(r -> (CarmenLaser) r)
                        .findFirst()
                        .orElseThrow();
        assertThat(scan.ranges()).hasSize(360);
        assertThat(scan.angleIncrement() * 360).isCloseTo((float) Math.PI, offset(1e-5f));
    }

    @Test
    void robotLaser1LinesParseWithRemissionsAndOffsets() {
        String line =
                "ROBOTLASER1 0 -1.570796 3.141593 0.017453 81.910004 0.010000 0 4 1.0 2.0 nan -3.0"
                        + " 0 0.100000 0.000000 0.000000 1.000000 2.000000 0.500000 0.2 0.0 0.5 0.5 0.0"
                        + " 1086.15 host 1086.16\n";
        List<String> warnings = new ArrayList<>();
        CarmenLogReader r =
                CarmenLogReader.of(
                        "inline",
                        new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII)),
                        warnings::add);
        CarmenLaser scan = (CarmenLaser) r.next();
        assertThat(scan.ranges()).containsExactly(1.0f, 2.0f, 0f, 0f);
        assertThat(r.stats().invalidBeams()).isEqualTo(2);
        assertThat(scan.maxRange()).isEqualTo(81.910004f);
        assertThat(scan.laserPose().x()).isEqualTo(0.1);
        assertThat(scan.robotPose().theta()).isEqualTo(0.5);
        assertThat(scan.timestamp()).isEqualTo(1086.15);
        assertThat(warnings).isEmpty();
    }

    @Test
    void malformedLinesAreSkippedWithTheirLineNumber() {
        String log =
                "PARAM x 1\nODOM 1 2 3 0 0 0 10.0 h 10.0\nFLASER 180 1.0 2.0\nODOM 1 2 x\n"
                        + "ODOM 4 5 6 0 0 0 11.0 h 11.0\n";
        List<String> warnings = new ArrayList<>();
        List<CarmenRecord> out = new ArrayList<>();
        CarmenLogReader r =
                CarmenLogReader.of(
                        "test.clf",
                        new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)),
                        warnings::add);
        r.forEachRemaining(out::add);
        assertThat(out).hasSize(2);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("test.clf:3: malformed FLASER");
        assertThat(warnings.get(1)).startsWith("test.clf:4: malformed ODOM");
        assertThat(r.stats()).isEqualTo(new CarmenLogReader.Stats(5, 0, 2, 1, 2, 0));
    }
}
