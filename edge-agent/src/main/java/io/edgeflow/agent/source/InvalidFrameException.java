package io.edgeflow.agent.source;

/**
 * A source handed over bytes that are not a frame this agent may send; the frames before it in the
 * same batch were accepted.
 */
public final class InvalidFrameException extends Exception {
    private final int accepted;

    public InvalidFrameException(int accepted, String message) {
        super(message);
        this.accepted = accepted;
    }

    /** How many frames of the batch, before the invalid one, were accepted. */
    public int accepted() {
        return accepted;
    }
}
