package io.edgeflow.jobs.cluster;

import io.edgeflow.jobs.runtime.ProjectHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpaths the local cluster's processes run with, from the build's jobs/target/classpath.txt
 * (the project's own resolved dependencies; no Flink distribution needed).
 */
final class ProjectClasspath {
    private ProjectClasspath() {}

    private static List<String> entries() {
        Path file = ProjectHome.locate().resolve("jobs/target/classpath.txt");
        try {
            String cp = Files.readString(file).trim();
            return List.of(cp.split(java.io.File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + file + ": build first (mvn -B package -DskipTests)", e);
        }
    }

    /** Everything the CLI has: used for the Kafka broker process. */
    static String full() {
        List<String> all = new ArrayList<>();
        all.add(ProjectHome.locate().resolve("jobs/target/classes").toString());
        all.addAll(entries());
        return String.join(java.io.File.pathSeparator, all);
    }

    /**
     * What a Flink distribution's lib/ holds: Flink, its state backends, reporters and logging, but
     * not edgeflow's modules nor the Kafka connector. Jobs bring those in their jar, so a job that
     * runs here runs on any Flink 2.2 cluster.
     */
    static String flinkDistribution() {
        String home = ProjectHome.locate().toString();
        List<String> kept =
                entries().stream()
                        .filter(e -> !e.startsWith(home))
                        .filter(e -> !e.contains("/io/edgeflow/"))
                        .filter(e -> !e.contains("/flink-connector-kafka/"))
                        .toList();
        return String.join(java.io.File.pathSeparator, kept);
    }

    /** The slim job jar the build shades (jobs/target/jobs-*-job.jar). */
    static Path jobJar() {
        Path target = ProjectHome.locate().resolve("jobs/target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("jobs-.*-job\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "no job jar in "
                                                    + target
                                                    + ": build it with mvn -B package -DskipTests"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
