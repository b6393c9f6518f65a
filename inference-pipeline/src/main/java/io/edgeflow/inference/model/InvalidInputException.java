package io.edgeflow.inference.model;

/** A request's input does not fit the model (wrong dtype, shape or undecodable image). */
public final class InvalidInputException extends Exception {
    public InvalidInputException(String message) {
        super(message, null, false, false);
    }
}
