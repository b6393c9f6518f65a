package io.edgeflow.slam;

import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.protocol.carmen.CarmenRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Short segments of the bundled laser logs (data/laser in the repository root) for tests. */
public final class LaserLogFixture {
    private LaserLogFixture() {}

    /**
     * The repository root: the nearest ancestor of the working directory with data/ and pom.xml.
     */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("data")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no repository root with data/ above the working dir");
    }

    public static Path log(String name) {
        return repoRoot().resolve("data/laser").resolve(name);
    }

    /** The first {@code count} laser scans of a bundled log. */
    public static List<CarmenLaser> firstScans(String name, int count) {
        List<CarmenLaser> out = new ArrayList<>();
        try (CarmenLogReader r = CarmenLogReader.open(log(name), w -> {})) {
            while (r.hasNext() && out.size() < count) {
                CarmenRecord rec = r.next();
                if (rec instanceof CarmenLaser l) {
                    out.add(l);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
