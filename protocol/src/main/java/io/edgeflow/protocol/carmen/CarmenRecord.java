package io.edgeflow.protocol.carmen;

/** One measurement line of a CARMEN log; {@code timestamp} is the ipc timestamp in seconds. */
public sealed interface CarmenRecord permits CarmenLaser, CarmenOdometry {
    double timestamp();

    /** The 1-based line number in the log, for error messages and provenance. */
    long lineNumber();
}
