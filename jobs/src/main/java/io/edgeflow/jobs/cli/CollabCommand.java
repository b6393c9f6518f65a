package io.edgeflow.jobs.cli;

import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.protocol.carmen.CarmenLogReader;
import io.edgeflow.protocol.carmen.CarmenOdometry;
import io.edgeflow.protocol.carmen.CarmenRecord;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.TimedPose;
import io.edgeflow.slam.collab.CollaborativeLogRun;
import io.edgeflow.slam.collab.CrossRobotSearch;
import io.edgeflow.slam.evaluation.RelationMetric;
import io.edgeflow.slam.evaluation.RelationsReader;
import io.edgeflow.slam.render.MapRenderer;
import io.edgeflow.slam.render.PosedScansMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeflow collab}: one CARMEN log split into robots, mapped alone, merged. */
@Command(
        name = "collab",
        mixinStandardHelpOptions = true,
        description =
                "Split a CARMEN log into N robots with unknown start poses, map each alone, merge"
                        + " them by inter-robot place recognition; with --relations, score within-"
                        + " and cross-robot relations. Ends with one RESULT line.")
public final class CollabCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, description = "CARMEN log (.clf, .gz or .bz2)")
    Path log;

    @Option(names = "--robots", defaultValue = "2", description = "robots (contiguous segments)")
    int robots;

    @Option(names = "--relations", description = "Kümmerle .relations file (plain or .gz)")
    Path relations;

    @Option(names = "--map", description = "write the merged map and trajectories as this PNG")
    Path map;

    @Option(names = "--stride", defaultValue = "10", description = "search every this-many-th node")
    int stride;

    @Override
    public Integer call() throws Exception {
        List<CarmenLaser> lasers = new ArrayList<>();
        boolean odometry = false;
        try (CarmenLogReader reader =
                CarmenLogReader.open(log, w -> System.err.println("warning: " + w))) {
            while (reader.hasNext()) {
                CarmenRecord r = reader.next();
                if (r instanceof CarmenLaser l) {
                    lasers.add(l);
                } else if (r instanceof CarmenOdometry) {
                    odometry = true;
                }
            }
        }
        lasers.sort(Comparator.comparingDouble(CarmenLaser::timestamp));
        CrossRobotSearch d = CrossRobotSearch.defaults();
        CrossRobotSearch search =
                new CrossRobotSearch(
                        stride,
                        d.minScore(),
                        d.stepTranslationSigma(),
                        d.stepRotationSigma(),
                        d.closureTranslationSigma(),
                        d.closureRotationSigma());
        LocalSlamConfig config = LocalSlamConfig.defaults();
        CollaborativeLogRun.Result r =
                CollaborativeLogRun.run(
                        lasers,
                        odometry,
                        robots,
                        config,
                        search,
                        relations == null ? List.of() : RelationsReader.read(relations));
        System.out.printf(
                Locale.ROOT,
                "candidates=%d accepted=%d rejected=%d unjoined=%s join_robot_s=%s%n",
                r.candidates(),
                r.accepted(),
                r.rejected(),
                r.unjoined(),
                r.joinRobotSeconds());
        if (map != null) {
            List<PosedScansMap.PosedScan> scans = new ArrayList<>();
            int i = 0;
            for (TimedPose p : r.mergedScanPoses()) {
                while (i < lasers.size() && lasers.get(i).timestamp() < p.time() - 1e-6) {
                    i++;
                }
                if (i < lasers.size()) {
                    scans.add(
                            new PosedScansMap.PosedScan(
                                    SlamScan.fromCarmen(lasers.get(i), odometry), p.pose()));
                }
            }
            MapRenderer.write(PosedScansMap.render(scans, config), map);
            System.out.println("map " + map);
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT log=%s robots=%d accepted=%d rejected=%d unjoined=%d%s%s local_cpu_s=%.1f search_cpu_s=%.1f merge_cpu_s=%.1f%n",
                log.getFileName(),
                robots,
                r.accepted(),
                r.rejected(),
                r.unjoined().size(),
                errors(" within", r.within()),
                errors(" across", r.across()),
                r.localCpuSeconds(),
                r.searchCpuSeconds(),
                r.mergeCpuSeconds());
        return 0;
    }

    private static String errors(String label, RelationMetric.Result m) {
        if (m.translation().count() == 0) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "%s_relations=%d%s_trans_err_m=%.4f±%.4f%s_rot_err_deg=%.3f±%.3f",
                label,
                m.translation().count(),
                label,
                m.translation().mean(),
                m.translation().std(),
                label,
                m.rotationDeg().mean(),
                m.rotationDeg().std());
    }
}
