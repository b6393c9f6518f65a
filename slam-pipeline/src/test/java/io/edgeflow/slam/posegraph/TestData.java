package io.edgeflow.slam.posegraph;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's data/ folder from the working directory. */
public final class TestData {
    private TestData() {}

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
