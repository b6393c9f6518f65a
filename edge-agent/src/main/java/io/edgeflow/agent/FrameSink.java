package io.edgeflow.agent;

/** Where a producer of encoded frames hands them: Kafka directly, or an agent's outbox. */
public interface FrameSink {
    /** Hands over one frame keyed by its robot's name. */
    void send(String key, byte[] frame) throws InterruptedException;

    /** Returns once every frame sent so far is safe (acknowledged); throws if any was not. */
    void flush() throws InterruptedException;

    long bytesSent();
}
