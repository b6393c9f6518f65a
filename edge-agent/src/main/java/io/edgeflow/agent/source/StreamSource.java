package io.edgeflow.agent.source;

import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.OutboxFullException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames read from a byte stream (the agent's stdin: {@code producer | edgeflow agent ...}), back
 * to back, without acknowledgements: the pipe's back-pressure is the flow control. Ends at end of
 * stream; a bad frame ends it with an error, as the stream cannot be resynchronised.
 */
public final class StreamSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSource.class);

    private final Thread thread;
    private volatile long accepted;
    private volatile String failure;

    public StreamSource(
            String name,
            InputStream in,
            FrameIntake intake,
            MessageClass messageClass,
            int maxPayloadBytes) {
        FrameStreamReader reader = new FrameStreamReader(in, maxPayloadBytes);
        this.thread =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    List<byte[]> batch = reader.nextBatch(512);
                                    if (batch.isEmpty()) {
                                        LOG.info(
                                                "{} source: end of stream after {} frames",
                                                name,
                                                accepted);
                                        return;
                                    }
                                    intake.submit(batch, messageClass);
                                    accepted += batch.size();
                                }
                            } catch (IOException | InvalidFrameException | OutboxFullException e) {
                                failure = e.getMessage();
                                LOG.error(
                                        "{} source stopped after {} frames: {}",
                                        name,
                                        accepted,
                                        e.getMessage());
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        name + "-source");
        thread.setDaemon(true);
        thread.start();
    }

    public long accepted() {
        return accepted;
    }

    /** Why the stream stopped early, or null. */
    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
