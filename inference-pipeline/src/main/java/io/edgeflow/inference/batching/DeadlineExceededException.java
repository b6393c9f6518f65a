package io.edgeflow.inference.batching;

/** The request's deadline passed before it could run, so it was not run. */
public final class DeadlineExceededException extends Exception {
    public DeadlineExceededException(String message) {
        super(message, null, false, false);
    }
}
