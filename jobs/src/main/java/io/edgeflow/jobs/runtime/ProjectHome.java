package io.edgeflow.jobs.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the edgeflow checkout: the {@code edgeflow.home} system property (set by ./edgeflow), else
 * the nearest ancestor of the working directory that holds flink-conf/config.yaml.
 */
public final class ProjectHome {
    private ProjectHome() {}

    public static Path locate() {
        String prop = System.getProperty("edgeflow.home");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("flink-conf/config.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "cannot find the edgeflow checkout (flink-conf/config.yaml) "
                        + "above "
                        + Path.of("").toAbsolutePath()
                        + "; set -Dedgeflow.home");
    }

    public static Path flinkConf() {
        return locate().resolve("flink-conf");
    }

    public static Path data(String relative) {
        return locate().resolve("data").resolve(relative);
    }
}
