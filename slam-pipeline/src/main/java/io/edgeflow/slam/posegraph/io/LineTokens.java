package io.edgeflow.slam.posegraph.io;

/** The whitespace-separated fields of one line of a text file, with errors that say where. */
final class LineTokens {
    private final String file;
    private final int line;
    private final String[] fields;

    LineTokens(String file, int line, String text) {
        this.file = file;
        this.line = line;
        this.fields = text.trim().split("\\s+");
    }

    String tag() {
        return fields[0];
    }

    int line() {
        return line;
    }

    /** Requires exactly {@code n} numbers after the tag (extra trailing fields are an error). */
    LineTokens expect(int n, String layout) {
        if (fields.length - 1 != n) {
            throw error(
                    fields[0]
                            + " needs "
                            + n
                            + " fields ("
                            + layout
                            + "), found "
                            + (fields.length - 1));
        }
        return this;
    }

    int count() {
        return fields.length - 1;
    }

    long id(int k) {
        try {
            return Long.parseLong(fields[k + 1]);
        } catch (NumberFormatException ex) {
            throw error("field " + (k + 1) + " '" + fields[k + 1] + "' is not an integer id");
        }
    }

    double number(int k) {
        double v;
        try {
            v = Double.parseDouble(fields[k + 1]);
        } catch (NumberFormatException ex) {
            throw error("field " + (k + 1) + " '" + fields[k + 1] + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw error("field " + (k + 1) + " is not finite");
        }
        return v;
    }

    double[] numbers(int from, int n) {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = number(from + k);
        }
        return out;
    }

    PoseGraphFormatException error(String reason) {
        return new PoseGraphFormatException(file, line, reason);
    }
}
