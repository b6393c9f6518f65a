package io.edgeflow.slam;

import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.protocol.carmen.CarmenOdometry;
import io.edgeflow.protocol.carmen.CarmenRecord;
import io.edgeflow.protocol.carmen.ScanTimeOdometry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the engine over a whole CARMEN log, standalone: reads the log into memory first (so parsing
 * and decompression do not count as SLAM time), takes each scan's odometry at the scan's own time
 * ({@link ScanTimeOdometry}), then feeds every scan and measures wall and process CPU time of the
 * SLAM part alone.
 */
public final class LogRun {
    private LogRun() {}

    /** What a run measured. */
    public record Summary(
            int scans,
            int nodes,
            int loopClosures,
            double logDurationSeconds,
            double wallSeconds,
            double cpuSeconds,
            long invalidBeams,
            int rejectedScans,
            boolean usedOdometry) {

        public double realtimeFactor() {
            return logDurationSeconds / cpuSeconds;
        }
    }

    /** Progress after every {@code every} scans: scans done, total, nodes, loop closures. */
    public record Progress(
            int scans, int totalScans, int nodes, int loopClosures, double logTime) {}

    /**
     * A log's scans in time order, each with its odometry at its own time; {@code odometry} says
     * whether the log has odometry at all.
     */
    public record ScanLog(List<CarmenLaser> lasers, boolean odometry, long invalidBeams) {}

    /**
     * Reads a whole log the way the replay encoder does, so the Flink job sees the same odometry.
     */
    public static ScanLog read(Path log, Consumer<String> warnings) throws IOException {
        List<CarmenRecord> records = new ArrayList<>();
        long invalid;
        try (CarmenLogReader reader = CarmenLogReader.open(log, warnings)) {
            while (reader.hasNext()) {
                records.add(reader.next());
            }
            invalid = reader.stats().invalidBeams();
        }
        List<CarmenLaser> lasers = new ArrayList<>();
        boolean anyOdometryLine = false;
        for (CarmenRecord r : ScanTimeOdometry.apply(records)) {
            if (r instanceof CarmenLaser l) {
                lasers.add(l);
            } else if (r instanceof CarmenOdometry) {
                anyOdometryLine = true;
            }
        }
        // Without ODOM lines the robot pose in laser lines is still odometry if it ever changes;
        // a constant one means the log has none.
        boolean odometry = anyOdometryLine || robotPoseVaries(lasers);
        lasers.sort((a, b) -> Double.compare(a.timestamp(), b.timestamp()));
        return new ScanLog(List.copyOf(lasers), odometry, invalid);
    }

    public static Summary run(
            Path log,
            LocalSlam slam,
            int progressEvery,
            Consumer<Progress> progress,
            Consumer<String> warnings)
            throws IOException {
        ScanLog scanLog = read(log, warnings);
        List<CarmenLaser> lasers = scanLog.lasers();
        boolean odometry = scanLog.odometry();
        long invalid = scanLog.invalidBeams();

        var threads = ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = processCpuNanos(threads);
        long wall0 = System.nanoTime();
        int loopClosures = 0;
        int rejected = 0;
        for (int i = 0; i < lasers.size(); i++) {
            ScanResult r;
            try {
                r = slam.addScan(SlamScan.fromCarmen(lasers.get(i), odometry));
            } catch (RejectedScanException e) {
                rejected++;
                warnings.accept(
                        "line "
                                + lasers.get(i).lineNumber()
                                + ": scan rejected ("
                                + e.reason()
                                + "): "
                                + e.getMessage());
                continue;
            }
            loopClosures += r.loopClosures().size();
            if (progress != null && progressEvery > 0 && (i + 1) % progressEvery == 0) {
                progress.accept(
                        new Progress(
                                i + 1,
                                lasers.size(),
                                slam.nodes().size(),
                                loopClosures,
                                r.time() - lasers.get(0).timestamp()));
            }
        }
        slam.finish();
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (processCpuNanos(threads) - cpu0) / 1e9;
        double duration =
                lasers.isEmpty()
                        ? 0
                        : lasers.get(lasers.size() - 1).timestamp() - lasers.get(0).timestamp();
        return new Summary(
                lasers.size(),
                slam.nodes().size(),
                slam.loopClosureCount(),
                duration,
                wall,
                cpu,
                invalid,
                rejected,
                odometry);
    }

    private static boolean robotPoseVaries(List<CarmenLaser> lasers) {
        for (CarmenLaser l : lasers) {
            if (!l.robotPose().equals(lasers.get(0).robotPose())) {
                return true;
            }
        }
        return false;
    }

    private static long processCpuNanos(java.lang.management.OperatingSystemMXBean os) {
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return System.nanoTime();
    }
}
