package io.edgeflow.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' promtool (Debian package {@code prometheus}). A missing promtool is a failure
 * with instructions, never a skip: the alert rules are untested without it.
 */
final class Promtool {
    record Result(int exitCode, String output) {}

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    static Promtool locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return new Promtool(candidate);
            }
        }
        throw new AssertionError(
                "promtool is not on the PATH: the alert rules cannot be checked. Install it with"
                        + " `apt-get install prometheus` (Debian's package ships promtool);"
                        + " .ci/run installs it when missing.");
    }

    Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Process p =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " hung:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
