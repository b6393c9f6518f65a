package io.edgeflow.slam.posegraph;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's data/ folder from the working directory. */
public final class TestData {
    private TestData() {}

    /** Small graphs of every reader, with and without vertex lines, 2D and 3D. */
    public static java.util.stream.Stream<String> readerSamples() {
        return java.util.stream.Stream.of(
                "posegraph/CSAIL.g2o.gz",
                "posegraph/smallGrid3D.g2o.gz",
                "posegraph/noisyToyGraph.txt.gz",
                "posegraph/pose3example.txt.gz",
                "posegraph/w100.graph.gz");
    }

    public static Path path(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("data")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir.resolve("data").resolve(relative);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no data/ folder above " + Path.of("").toAbsolutePath());
    }
}
