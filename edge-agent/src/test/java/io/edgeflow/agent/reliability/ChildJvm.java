package io.edgeflow.agent.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class in its own process, on this test's class path, for faults a process cannot do
 * to itself: {@link #kill()} is SIGKILL. Waits for the line starting with {@code READY} on stdout;
 * the rest of the output goes to a log file.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final String readyLine;

    private ChildJvm(Process process, String readyLine) {
        this.process = process;
        this.readyLine = readyLine;
    }

    static ChildJvm start(String mainClass, List<String> args, Path log, Duration readyWithin)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(false)
                        .redirectError(log.toFile())
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                String line;
                                while ((line = out.readLine()) != null) {
                                    if (line.startsWith("READY")) {
                                        return line;
                                    }
                                }
                                return null;
                            } catch (IOException e) {
                                return null;
                            }
                        });
        String line;
        try {
            line = ready.get(readyWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            line = null;
        }
        if (line == null) {
            p.destroyForcibly().waitFor();
            throw new IOException(
                    mainClass + " did not become ready within " + readyWithin + "; see " + log);
        }
        // Keep draining stdout so the child never blocks on a full pipe.
        Thread drain =
                new Thread(
                        () -> {
                            try {
                                while (out.readLine() != null) {
                                    // discard
                                }
                            } catch (IOException e) {
                                // child gone
                            }
                        },
                        "child-stdout");
        drain.setDaemon(true);
        drain.start();
        return new ChildJvm(p, line);
    }

    String readyLine() {
        return readyLine;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for a clean exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
