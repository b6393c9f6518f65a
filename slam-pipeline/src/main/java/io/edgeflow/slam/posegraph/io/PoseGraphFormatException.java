package io.edgeflow.slam.posegraph.io;

/** A pose-graph file that cannot be read: names the file, the 1-based line and the reason. */
public final class PoseGraphFormatException extends RuntimeException {
    private final String file;
    private final int line;

    public PoseGraphFormatException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
