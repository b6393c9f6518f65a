package io.edgeflow.slam;

import io.edgeflow.protocol.Pose2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A trajectory as text, one pose per line: {@code time x y theta} (s, m, m, rad). */
public final class TrajectoryFile {
    private TrajectoryFile() {}

    public static void write(Path file, List<TimedPose> poses) throws IOException {
        List<String> lines = new ArrayList<>(poses.size());
        for (TimedPose p : poses) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "%.6f %.5f %.5f %.6f",
                            p.time(),
                            p.pose().x(),
                            p.pose().y(),
                            p.pose().theta()));
        }
        Files.write(file, lines);
    }

    public static List<TimedPose> read(Path file) throws IOException {
        List<TimedPose> out = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            String[] f = line.trim().split("\\s+");
            if (f.length != 4) {
                throw new IOException(
                        file + ":" + lineNumber + ": expected `time x y theta`, got: " + line);
            }
            out.add(
                    new TimedPose(
                            Double.parseDouble(f[0]),
                            new Pose2(
                                    Double.parseDouble(f[1]),
                                    Double.parseDouble(f[2]),
                                    Double.parseDouble(f[3]))));
        }
        return out;
    }
}
