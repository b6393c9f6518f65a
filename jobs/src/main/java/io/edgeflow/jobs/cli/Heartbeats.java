package io.edgeflow.jobs.cli;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.Heartbeat;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Topics;
import java.util.List;

/**
 * The replayed robots' heartbeats after their logs end, once a second, as live robots keep sending
 * them: later frames are what moves the job's watermark past each robot's last scan.
 */
final class Heartbeats implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    private Heartbeats(String bootstrapServers, List<RobotLog> robots) {
        thread =
                new Thread(
                        () -> {
                            FrameCodec codec = new FrameCodec();
                            try (FrameProducer producer =
                                    new FrameProducer(bootstrapServers, Topics.FRAMES)) {
                                for (long beat = 0; running; beat++) {
                                    for (RobotLog r : robots) {
                                        Heartbeat h =
                                                new Heartbeat(
                                                        r.records().size() + beat,
                                                        System.currentTimeMillis() * 1000,
                                                        r.robotName(),
                                                        0,
                                                        0,
                                                        1,
                                                        -1,
                                                        0,
                                                        List.of());
                                        producer.send(
                                                r.robotName(),
                                                codec.encode(NodeId.of(r.robotName()), h));
                                    }
                                    producer.flush();
                                    Thread.sleep(1000);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-heartbeats");
        thread.setDaemon(true);
    }

    static Heartbeats start(String bootstrapServers, List<RobotLog> robots) {
        Heartbeats h = new Heartbeats(bootstrapServers, robots);
        h.thread.start();
        return h;
    }

    static void stop(Heartbeats h) {
        if (h != null) {
            h.close();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
