package io.edgeflow.agent.source;

import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.replay.LogSplitter;
import io.edgeflow.agent.replay.Replayer;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.protocol.carmen.CarmenRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a CARMEN log as {@code robots} robots into the outbox, paced at {@code speed} × real time
 * (0: as fast as the outbox takes them), once.
 */
public final class ReplaySource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplaySource.class);

    private final Thread thread;

    /** The robots' names: {@code prefix1 .. prefixN}. */
    public static List<String> robotNames(String prefix, int robots) {
        return java.util.stream.IntStream.rangeClosed(1, robots).mapToObj(i -> prefix + i).toList();
    }

    public ReplaySource(
            Path log,
            int robots,
            String prefix,
            double speed,
            FrameIntake intake,
            MessageClass messageClass)
            throws IOException {
        List<CarmenRecord> records = CarmenLogReader.readAll(log, w -> LOG.debug("{}: {}", log, w));
        List<RobotLog> split = LogSplitter.split(records, robots, prefix);
        IntakeSink sink = new IntakeSink(intake, messageClass, 256, 20);
        this.thread =
                new Thread(
                        () -> {
                            try {
                                Replayer.Result r =
                                        new Replayer(new FrameCodec())
                                                .replay(split, sink, speed, n -> {});
                                LOG.info(
                                        "replay of {} done: {} frames, {} bytes in {} s",
                                        log,
                                        r.frames(),
                                        r.bytes(),
                                        String.format("%.1f", r.wallSeconds()));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (RuntimeException e) {
                                LOG.error("replay of {} stopped: {}", log, e.getMessage());
                            }
                        },
                        "replay-source");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
