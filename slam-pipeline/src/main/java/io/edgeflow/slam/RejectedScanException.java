package io.edgeflow.slam;

/**
 * A scan the engine cannot use, with a stable lower-case reason code (e.g. {@code no_valid_beams})
 * that callers put on a dead letter. The engine's state is untouched when it is thrown.
 */
public final class RejectedScanException extends IllegalArgumentException {
    private final String reason;

    public RejectedScanException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
