package io.edgeflow.protocol.carmen;

import io.edgeflow.protocol.Pose2;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Reads CARMEN logs (plain, .gz or .bz2): FLASER, ROBOTLASER1 and ODOM lines; every other message
 * (PARAM, SYNC, comments, RLASER, TRUEPOS, …) is skipped. A malformed measurement line is skipped
 * and reported through the warning callback with its line number, so one bad line never ends a
 * replay.
 */
public final class CarmenLogReader implements Iterator<CarmenRecord>, AutoCloseable {

    /** What a FLASER line lacks: the SICK LMS range limit used by the Kümmerle logs. */
    public static final float FLASER_MAX_RANGE = 81.9f;

    /** Counts of what the reader has seen so far. */
    public record Stats(
            long lines,
            long lasers,
            long odometry,
            long skippedLines,
            long malformedLines,
            long invalidBeams) {}

    private final String source;
    private final BufferedReader reader;
    private final Consumer<String> warnings;
    private CarmenRecord next;
    private long lineNumber;
    private long lasers;
    private long odometry;
    private long skipped;
    private long malformed;
    private long invalidBeams;

    private CarmenLogReader(String source, InputStream in, Consumer<String> warnings) {
        this.source = source;
        this.reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
        this.warnings = warnings;
    }

    /** Opens a log, choosing the decompressor from the file name (.bz2, .gz, else plain). */
    public static CarmenLogReader open(Path file, Consumer<String> warnings) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        String name = file.getFileName().toString();
        if (name.endsWith(".bz2")) {
            in = new BZip2CompressorInputStream(in, true);
        } else if (name.endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new CarmenLogReader(file.toString(), in, warnings);
    }

    public static CarmenLogReader of(String sourceName, InputStream in, Consumer<String> warnings) {
        return new CarmenLogReader(sourceName, in, warnings);
    }

    /** Reads a whole log into memory (the Kümmerle logs are tens of MB at most). */
    public static List<CarmenRecord> readAll(Path file, Consumer<String> warnings)
            throws IOException {
        List<CarmenRecord> all = new ArrayList<>();
        try (CarmenLogReader r = open(file, warnings)) {
            r.forEachRemaining(all::add);
        }
        return all;
    }

    public Stats stats() {
        return new Stats(lineNumber, lasers, odometry, skipped, malformed, invalidBeams);
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        source + ": read failed after line " + lineNumber, e);
            }
            if (line == null) {
                return false;
            }
            lineNumber++;
            next = parse(line);
        }
        return true;
    }

    @Override
    public CarmenRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CarmenRecord r = next;
        next = null;
        return r;
    }

    private CarmenRecord parse(String line) {
        String[] t = line.trim().split("\\s+");
        if (t.length == 0) {
            skipped++;
            return null;
        }
        try {
            switch (t[0]) {
                case "FLASER":
                    lasers++;
                    return parseFlaser(t);
                case "ROBOTLASER1":
                    lasers++;
                    return parseRobotLaser(t);
                case "ODOM":
                    odometry++;
                    return parseOdom(t);
                default:
                    skipped++;
                    return null;
            }
        } catch (RuntimeException e) {
            // NumberFormatException or a short line: report and move on.
            malformed++;
            if (t[0].equals("ODOM")) {
                odometry--;
            } else {
                lasers--;
            }
            warnings.accept(
                    source
                            + ":"
                            + lineNumber
                            + ": malformed "
                            + t[0]
                            + " line skipped ("
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage()
                            + ")");
            return null;
        }
    }

    // FLASER n r1..rn x y theta odom_x odom_y odom_theta ipc_ts host logger_ts
    private CarmenLaser parseFlaser(String[] t) {
        int n = Integer.parseInt(t[1]);
        require(n > 0 && t.length >= 2 + n + 7, "expected " + n + " ranges and 7 more fields");
        float[] ranges = ranges(t, 2, n);
        int p = 2 + n;
        Pose2 laser = pose(t, p);
        Pose2 robot = pose(t, p + 3);
        double ts = Double.parseDouble(t[p + 6]);
        // 180 or 360 beams span 180° in steps of 180°/n; 181 or 361 include both ends.
        double fov = Math.PI;
        double inc = (n % 2 == 1) ? fov / (n - 1) : fov / n;
        return new CarmenLaser(
                lineNumber,
                ts,
                (float) (-fov / 2),
                (float) inc,
                FLASER_MAX_RANGE,
                ranges,
                laser,
                robot);
    }

    // ROBOTLASER1 type start_angle fov ang_res max_range accuracy remission_mode n r1..rn
    //   n_rem rem1..rem_nrem laser_x laser_y laser_theta robot_x robot_y robot_theta
    //   tv rv fwd_safety side_safety turn_axis ipc_ts host logger_ts
    private CarmenLaser parseRobotLaser(String[] t) {
        double startAngle = Double.parseDouble(t[2]);
        double angRes = Double.parseDouble(t[4]);
        float maxRange = Float.parseFloat(t[5]);
        int n = Integer.parseInt(t[8]);
        require(n > 0 && t.length > 9 + n, "expected " + n + " ranges");
        float[] ranges = ranges(t, 9, n);
        int nRem = Integer.parseInt(t[9 + n]);
        int p = 10 + n + nRem;
        require(nRem >= 0 && t.length >= p + 12, "expected remissions and 12 more fields");
        Pose2 laser = pose(t, p);
        Pose2 robot = pose(t, p + 3);
        double ts = Double.parseDouble(t[p + 11]);
        require(angRes > 0, "angular resolution must be > 0");
        return new CarmenLaser(
                lineNumber, ts, (float) startAngle, (float) angRes, maxRange, ranges, laser, robot);
    }

    // ODOM x y theta tv rv accel ipc_ts host logger_ts
    private CarmenOdometry parseOdom(String[] t) {
        require(t.length >= 8, "expected at least 7 fields");
        return new CarmenOdometry(
                lineNumber,
                Double.parseDouble(t[7]),
                pose(t, 1),
                Double.parseDouble(t[4]),
                Double.parseDouble(t[5]));
    }

    private float[] ranges(String[] t, int from, int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            float v = parseRange(t[from + i]);
            if (Float.isNaN(v) || v < 0) {
                invalidBeams++;
                v = 0f;
            }
            r[i] = v;
        }
        return r;
    }

    /** A range as C's printf writes it: also "nan", "-nan" and "inf", which Java does not parse. */
    private static float parseRange(String token) {
        try {
            return Float.parseFloat(token);
        } catch (NumberFormatException e) {
            String t = token.toLowerCase(java.util.Locale.ROOT);
            if (t.equals("nan") || t.equals("-nan")) {
                return Float.NaN;
            }
            if (t.equals("inf") || t.equals("+inf")) {
                return Float.POSITIVE_INFINITY;
            }
            throw e;
        }
    }

    private static Pose2 pose(String[] t, int at) {
        Pose2 p =
                new Pose2(
                        Double.parseDouble(t[at]),
                        Double.parseDouble(t[at + 1]),
                        Double.parseDouble(t[at + 2]));
        require(p.isFinite(), "pose has NaN or infinite components");
        return p;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
