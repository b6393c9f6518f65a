package io.edgeflow.jobs.cluster;

import io.edgeflow.agent.FrameSink;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A frame sink that holds the replay at given frame counts until the test opens the gate: so that a
 * fault or a rescale lands mid-stream however slow the machine is, with a known share of the frames
 * still to come. A gate left shut fails the replay after {@value #MAX_HOLD_MINUTES} min instead of
 * hanging the test.
 */
final class GatedFrameSink implements FrameSink {
    static final long MAX_HOLD_MINUTES = 5;

    /** Frames before the gate pass freely; the gate's frame waits until {@code open}. */
    record Gate(long atFrame, CountDownLatch open) {
        Gate(long atFrame) {
            this(atFrame, new CountDownLatch(1));
        }

        void release() {
            open.countDown();
        }
    }

    private final FrameSink inner;
    private final List<Gate> gates;
    private long sent;

    GatedFrameSink(FrameSink inner, List<Gate> gates) {
        this.inner = inner;
        this.gates = List.copyOf(gates);
    }

    @Override
    public void send(String key, byte[] frame) throws InterruptedException {
        for (Gate g : gates) {
            if (sent == g.atFrame() && !g.open().await(MAX_HOLD_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException(
                        "replay held at frame " + sent + " for " + MAX_HOLD_MINUTES + " min");
            }
        }
        inner.send(key, frame);
        sent++;
    }

    @Override
    public void flush() throws InterruptedException {
        inner.flush();
    }

    @Override
    public long bytesSent() {
        return inner.bytesSent();
    }
}
