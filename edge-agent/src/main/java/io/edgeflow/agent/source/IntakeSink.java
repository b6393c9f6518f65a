package io.edgeflow.agent.source;

import io.edgeflow.agent.FrameSink;
import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.OutboxFullException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FrameSink} into an agent's intake, for in-process producers (the CARMEN replayer, the
 * benchmark): frames are grouped into batches of up to {@code maxBatch}, or whatever came within
 * {@code maxDelayMillis}, so the outbox fsyncs per batch rather than per frame.
 */
public final class IntakeSink implements FrameSink {
    private final FrameIntake intake;
    private final MessageClass messageClass;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final List<byte[]> buffer = new ArrayList<>();
    private long firstBuffered;
    private long bytes;

    public IntakeSink(
            FrameIntake intake, MessageClass messageClass, int maxBatch, long maxDelayMillis) {
        this.intake = intake;
        this.messageClass = messageClass;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelayMillis * 1_000_000;
    }

    /** The frame key is the node the frame header names; {@code key} is checked by the intake. */
    @Override
    public void send(String key, byte[] frame) throws InterruptedException {
        if (buffer.isEmpty()) {
            firstBuffered = System.nanoTime();
        }
        buffer.add(frame);
        bytes += frame.length;
        if (buffer.size() >= maxBatch || System.nanoTime() - firstBuffered >= maxDelayNanos) {
            flush();
        }
    }

    @Override
    public void flush() throws InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        try {
            intake.submit(List.copyOf(buffer), messageClass);
        } catch (InvalidFrameException | OutboxFullException | IOException e) {
            throw new IllegalStateException(
                    "frames not accepted by the outbox: " + e.getMessage(), e);
        }
        buffer.clear();
    }

    @Override
    public long bytesSent() {
        return bytes;
    }
}
