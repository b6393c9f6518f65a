package io.edgeflow.agent.outbox;

/** An append under the BLOCK policy found no room within its timeout: nothing was appended. */
public final class OutboxFullException extends Exception {
    public OutboxFullException(String message) {
        super(message);
    }
}
