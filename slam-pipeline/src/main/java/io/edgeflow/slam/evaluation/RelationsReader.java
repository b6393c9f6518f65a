package io.edgeflow.slam.evaluation;

import io.edgeflow.protocol.Pose2;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a Kümmerle .relations file (plain or .gz): lines {@code t1 t2 x y z roll pitch yaw}; the
 * planar part (x, y, yaw) is kept. Blank lines and lines starting with '#' are skipped; any other
 * line that does not parse is an error naming the line.
 */
public final class RelationsReader {
    private RelationsReader() {}

    public static List<Relation> read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in =
                    file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return read(in, file.toString());
        }
    }

    public static List<Relation> read(InputStream in, String source) throws IOException {
        List<Relation> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            String s = line.trim();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] t = s.split("\\s+");
            try {
                if (t.length < 8) {
                    throw new NumberFormatException("expected 8 fields, got " + t.length);
                }
                out.add(
                        new Relation(
                                Double.parseDouble(t[0]),
                                Double.parseDouble(t[1]),
                                new Pose2(
                                        Double.parseDouble(t[2]),
                                        Double.parseDouble(t[3]),
                                        Double.parseDouble(t[7]))));
            } catch (NumberFormatException e) {
                throw new IOException(
                        source + ":" + n + ": bad relation line: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
