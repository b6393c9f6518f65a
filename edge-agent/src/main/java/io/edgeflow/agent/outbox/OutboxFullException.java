package io.edgeflow.agent.outbox;

/**
 * An append under the BLOCK policy found no room within its timeout: the first {@link #accepted()}
 * frames of the batch were appended, the rest not.
 */
public final class OutboxFullException extends Exception {
    private final int accepted;

    public OutboxFullException(String message, int accepted) {
        super(message);
        this.accepted = accepted;
    }

    public int accepted() {
        return accepted;
    }
}
