package io.edgeflow.agent.replay;

import io.edgeflow.agent.FrameSink;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.carmen.CarmenRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * Replays several robots' logs side by side, as if all robots started at the same moment: records
 * are merged by time since each robot's own start and paced at {@code speed} × real time (0 means
 * as fast as the broker takes them).
 */
public final class Replayer {

    /** Totals of one replay. */
    public record Result(long frames, long bytes, double logSeconds, double wallSeconds) {
        public double framesPerSecond() {
            return wallSeconds > 0 ? frames / wallSeconds : 0;
        }
    }

    private record Cursor(RobotLog log, FrameEncoder encoder, int index) {
        double relativeTime() {
            return log.records().get(index).timestamp() - log.startTime();
        }
    }

    private final FrameCodec codec;

    public Replayer(FrameCodec codec) {
        this.codec = codec;
    }

    /**
     * @param progress called with the number of frames sent so far, about every 1000 frames
     */
    public Result replay(
            List<RobotLog> robots, FrameSink producer, double speed, LongConsumer progress)
            throws InterruptedException {
        PriorityQueue<Cursor> queue =
                new PriorityQueue<>((a, b) -> Double.compare(a.relativeTime(), b.relativeTime()));
        List<FrameEncoder> encoders = new ArrayList<>();
        double logSeconds = 0;
        for (RobotLog r : robots) {
            FrameEncoder e = new FrameEncoder(codec, r.robotName());
            encoders.add(e);
            logSeconds = Math.max(logSeconds, r.duration());
            if (!r.records().isEmpty()) {
                queue.add(new Cursor(r, e, 0));
            }
        }
        long start = System.nanoTime();
        long frames = 0;
        while (!queue.isEmpty()) {
            Cursor c = queue.poll();
            if (speed > 0) {
                long due = start + (long) (c.relativeTime() / speed * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            CarmenRecord record = c.log().records().get(c.index());
            producer.send(c.log().robotName(), c.encoder().encode(record));
            frames++;
            if (frames % 1000 == 0) {
                progress.accept(frames);
            }
            if (c.index() + 1 < c.log().records().size()) {
                queue.add(new Cursor(c.log(), c.encoder(), c.index() + 1));
            }
        }
        producer.flush();
        progress.accept(frames);
        double wall = (System.nanoTime() - start) / 1e9;
        return new Result(frames, producer.bytesSent(), logSeconds, wall);
    }
}
