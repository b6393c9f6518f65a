package io.edgeflow.jobs.cli;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.replay.LogSplitter;
import io.edgeflow.agent.replay.Replayer;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.Topics;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.protocol.carmen.CarmenRecord;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replay a CARMEN laser log into Kafka as N robots.",
            "The log is split into N contiguous segments, one robot each; each robot's odometry is"
                    + " re-based to its own origin. Frames are produced with an idempotent producer,"
                    + " acks=all, zstd compression, keyed by robot name."
        })
public final class ReplayCommand implements Callable<Integer> {

    @Option(
            names = "--log",
            required = true,
            paramLabel = "FILE",
            description = "CARMEN log: FLASER, ROBOTLASER1 and ODOM lines; plain, .gz or .bz2.")
    Path log;

    @Option(
            names = "--robots",
            defaultValue = "1",
            paramLabel = "N",
            description = "Number of robots to split the log into (default: ${DEFAULT-VALUE}).")
    int robots;

    @Option(
            names = "--speed",
            defaultValue = "0",
            paramLabel = "X",
            description =
                    "Replay at X times real time; 0 replays as fast as Kafka accepts"
                            + " (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "127.0.0.1:9092",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--topic",
            defaultValue = Topics.FRAMES,
            description = "Topic to produce to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--robot-prefix",
            defaultValue = "robot-",
            description = "Robot names are this prefix plus 1..N (default: ${DEFAULT-VALUE}).")
    String robotPrefix;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.err);
        List<RobotLog> logs = load(log, robots, robotPrefix, progress);
        try (FrameProducer producer = new FrameProducer(bootstrapServers, topic)) {
            Replayer.Result r = replay(logs, producer, speed, progress);
            System.out.printf(
                    "replayed %d frames (%.1f MB) from %s as %d robots in %.1f s: %.0f frames/s%n",
                    r.frames(),
                    r.bytes() / 1e6,
                    log.getFileName(),
                    robots,
                    r.wallSeconds(),
                    r.framesPerSecond());
        }
        return 0;
    }

    static List<RobotLog> load(Path log, int robots, String prefix, Progress progress)
            throws java.io.IOException {
        progress.update("reading " + log + " ...");
        List<RobotLog> logs = split(log, robots, prefix);
        progress.done(
                String.format("read %s: split into %d robots", log.getFileName(), logs.size()));
        return logs;
    }

    /** Reads a log and splits it into robots' segments; warnings about bad lines go to stderr. */
    static List<RobotLog> split(Path log, int robots, String prefix) throws java.io.IOException {
        List<CarmenRecord> records = CarmenLogReader.readAll(log, System.err::println);
        return LogSplitter.split(records, robots, prefix);
    }

    /** {@link #split} on another thread, e.g. while a runtime starts. */
    static CompletableFuture<List<RobotLog>> splitInBackground(
            Path log, int robots, String prefix) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return split(log, robots, prefix);
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException("reading " + log, e);
                    }
                });
    }

    static Replayer.Result replay(
            List<RobotLog> logs, FrameProducer producer, double speed, Progress progress)
            throws InterruptedException {
        long total = logs.stream().mapToLong(l -> l.records().size()).sum();
        long start = System.nanoTime();
        Replayer.Result r =
                new Replayer(new FrameCodec())
                        .replay(
                                logs,
                                producer,
                                speed,
                                sent -> {
                                    double secs = (System.nanoTime() - start) / 1e9;
                                    progress.update(
                                            String.format(
                                                    "replaying %s %d/%d frames, %.0f frames/s",
                                                    Progress.bar(sent, total, 30),
                                                    sent,
                                                    total,
                                                    secs > 0 ? sent / secs : 0));
                                });
        progress.done(String.format("replayed %d frames in %.1f s", r.frames(), r.wallSeconds()));
        return r;
    }
}
