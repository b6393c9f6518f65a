package io.edgeflow.slam.posegraph.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/** Feeds the non-blank, non-comment lines of a text file to a parser, with their line numbers. */
final class RecordLines {
    private RecordLines() {}

    static void forEach(String file, BufferedReader in, Consumer<LineTokens> parser)
            throws IOException {
        String text;
        int line = 0;
        while ((text = in.readLine()) != null) {
            line++;
            String trimmed = text.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                parser.accept(new LineTokens(file, line, trimmed));
            }
        }
    }
}
