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
import java.util.function.UnaryOperator;

/**
 * A Java main class in its own process, on this test's class path, for faults a process cannot do
 * to itself: {@link #kill()} is SIGKILL. Waits for the line starting with {@code READY} on stdout,
 * then keeps the last line it printed ({@link #lastLine}); stderr goes to a log file.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final String readyLine;
    private volatile String lastLine;

    private ChildJvm(Process process, String readyLine) {
        this.process = process;
        this.readyLine = readyLine;
        this.lastLine = readyLine;
    }

    static ChildJvm start(String mainClass, List<String> args, Path log, Duration readyWithin)
            throws IOException, InterruptedException {
        return start(mainClass, args, log, readyWithin, UnaryOperator.identity());
    }

    /**
     * @param launcher rewrites the command line, e.g. {@code NetworkNamespace::wrap} to run the JVM
     *     inside a network namespace
     */
    static ChildJvm start(
            String mainClass,
            List<String> args,
            Path log,
            Duration readyWithin,
            UnaryOperator<List<String>> launcher)
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
                new ProcessBuilder(launcher.apply(cmd))
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
        ChildJvm child = new ChildJvm(p, line);
        // Keep draining stdout so the child never blocks on a full pipe.
        Thread drain =
                new Thread(
                        () -> {
                            try {
                                String l;
                                while ((l = out.readLine()) != null) {
                                    child.lastLine = l;
                                }
                            } catch (IOException e) {
                                // child gone
                            }
                        },
                        "child-stdout");
        drain.setDaemon(true);
        drain.start();
        return child;
    }

    /** The last line the child printed on stdout. */
    String lastLine() {
        return lastLine;
    }

    /** Waits for the child to exit by itself; its exit code, or -1 if it still runs. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? process.exitValue()
                : -1;
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
