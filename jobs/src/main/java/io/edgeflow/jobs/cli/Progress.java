package io.edgeflow.jobs.cli;

import java.io.PrintStream;

/**
 * One status line for long work: rewritten in place on a terminal, printed every few seconds
 * otherwise (CI logs, pipes).
 */
final class Progress {
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private long lastPrint;
    private int lastLength;

    Progress(PrintStream out) {
        this.out = out;
    }

    void update(String line) {
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastPrint < 100_000_000L) {
                return;
            }
            String padded = line + " ".repeat(Math.max(0, lastLength - line.length()));
            out.print("\r" + padded);
            lastLength = line.length();
        } else {
            if (now - lastPrint < 3_000_000_000L) {
                return;
            }
            out.println(line);
        }
        out.flush();
        lastPrint = now;
    }

    /** Ends the status line with its final text. */
    void done(String line) {
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())) + "\n");
        } else {
            out.println(line);
        }
        out.flush();
        lastLength = 0;
        lastPrint = 0;
    }

    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}
