package io.edgeflow.slam.collab;

import io.edgeflow.slam.posegraph.AbsoluteTrajectoryError;
import io.edgeflow.slam.posegraph.Initialization;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseGraphSolver;
import io.edgeflow.slam.posegraph.io.PoseGraphFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The distributed-mapper outlier experiment: every robot maps alone (its graph solved in its own
 * frame), a fraction of the inter-robot closures is replaced by random false ones, the map group is
 * merged with pairwise consistency screening and solved, and the result is scored against the
 * optimum of the centralized {@code fullGraph.g2o}: χ² of the merged poses on the full graph's
 * edges over the full optimum's χ², and the aligned position RMSE between the two.
 */
public final class MultiRobotOutlierExperiment {

    /**
     * @param chi2Ratio χ²(merged poses on the full graph) / χ²(full graph optimum); NaN when a
     *     robot stayed out of the group
     * @param rejectedTrueAlone real closures rejected because no other real closure between the
     *     same two robots could confirm them (fewer than PCM's minimum clique remained)
     * @param ateToOptimum aligned position RMSE between merged poses and the full optimum, m
     * @param acceptAllChi2Ratio the same ratio when every candidate closure is accepted
     */
    /** How false closures enter: in place of real ones, or on top of all real ones. */
    public enum Corruption {
        REPLACE,
        ADD
    }

    /**
     * @param chi2Ratio χ²(merged poses on the full graph) / χ²(full graph optimum); NaN when a
     *     robot stayed out of the group
     * @param oracleChi2Ratio the same for a merge that knows which closures are false and keeps
     *     every real one fed: the best any outlier rejection can do (1 when nothing was replaced)
     * @param rejectedTrueAlone real closures rejected because no other real closure between the
     *     same two robots could confirm them (fewer than PCM's minimum clique remained)
     * @param ateToOptimum aligned position RMSE between merged poses and the full optimum, m
     * @param acceptAllChi2Ratio the ratio when every candidate closure is accepted
     */
    public record Result(
            int robots,
            int poses,
            int closures,
            int injected,
            int acceptedTrue,
            int acceptedFalse,
            int rejectedTrue,
            int rejectedTrueAlone,
            List<Character> unjoined,
            double chi2Ratio,
            double oracleChi2Ratio,
            double ateToOptimum,
            double acceptAllChi2Ratio,
            double mergeMillis) {}

    private static final double STEP_VARIANCE_FLOOR = 1e-6;

    private MultiRobotOutlierExperiment() {}

    public static Result run(
            Path dir, Corruption corruption, double falseFraction, double extent, long seed)
            throws IOException {
        MultiRobotGraphs fleet = MultiRobotGraphs.read(dir);
        List<RobotMap> robots = new ArrayList<>();
        for (Map.Entry<Character, PoseGraph> e : fleet.robots().entrySet()) {
            PoseGraph local = e.getValue().copy();
            new PoseGraphSolver(PoseGraphSolver.Settings.defaults())
                    .solve(local, Initialization.CHORDAL);
            double[] v = RobotMap.estimateStepVariance(local, STEP_VARIANCE_FLOOR);
            robots.add(new RobotMap(e.getKey(), local, v[0], v[1]));
        }
        FalseInterRobotClosures.Corrupted corrupted =
                corruption == Corruption.REPLACE
                        ? FalseInterRobotClosures.replace(
                                fleet.closures(), fleet.robots(), falseFraction, extent, seed)
                        : FalseInterRobotClosures.add(
                                fleet.closures(), fleet.robots(), falseFraction, extent, seed);

        PoseGraph full = PoseGraphFiles.read(fullGraphOf(dir)).graph();
        PoseGraph optimum = full.copy();
        new PoseGraphSolver(PoseGraphSolver.Settings.defaults())
                .solve(optimum, Initialization.CHORDAL);
        double optimumChi2 = PoseGraphSolver.chi2(optimum);

        // the files' information matrices are placeholders (identity): closures are taken to be
        // as noisy as one odometry step, the fleet's mean estimated from the robots' own residuals
        double closureT =
                robots.stream()
                        .mapToDouble(RobotMap::translationStepVariance)
                        .average()
                        .orElseThrow();
        double closureR =
                robots.stream().mapToDouble(RobotMap::rotationStepVariance).average().orElseThrow();
        PairwiseConsistency.Settings pcm = PairwiseConsistency.Settings.spatial(closureT, closureR);
        long t0 = System.nanoTime();
        MapGroupMerge.Result merged = MapGroupMerge.merge(robots, corrupted.closures(), pcm);
        double mergeMillis = (System.nanoTime() - t0) / 1e6;
        int acceptedFalse = 0, acceptedTrue = 0, rejectedTrue = 0;
        for (InterRobotClosure c : merged.accepted()) {
            if (corrupted.isFalse(c)) {
                acceptedFalse++;
            } else {
                acceptedTrue++;
            }
        }
        Map<String, Integer> realPerPair = new java.util.HashMap<>();
        for (InterRobotClosure c : corrupted.closures()) {
            if (!corrupted.isFalse(c)) {
                realPerPair.merge(c.robotPair(), 1, Integer::sum);
            }
        }
        int rejectedTrueAlone = 0;
        for (InterRobotClosure c : merged.rejected()) {
            if (!corrupted.isFalse(c)) {
                rejectedTrue++;
                if (realPerPair.get(c.robotPair()) < pcm.minimumClique()) {
                    rejectedTrueAlone++;
                }
            }
        }
        double chi2Ratio = Double.NaN, ate = Double.NaN;
        if (merged.unjoined().isEmpty()) {
            PoseGraph solved = merged.graph();
            PoseGraph onFull = withFullIds(solved, full);
            chi2Ratio = PoseGraphSolver.chi2(onFull) / optimumChi2;
            ate = AbsoluteTrajectoryError.rmse(onFull, optimum);
        }

        PairwiseConsistency.Settings acceptAll = PairwiseConsistency.Settings.acceptAll();
        MapGroupMerge.Result naive = MapGroupMerge.merge(robots, corrupted.closures(), acceptAll);
        double acceptAllRatio =
                PoseGraphSolver.chi2(withFullIds(naive.graph(), full)) / optimumChi2;
        List<InterRobotClosure> real = new ArrayList<>(corrupted.closures());
        real.removeIf(corrupted::isFalse);
        MapGroupMerge.Result oracle = MapGroupMerge.merge(robots, real, acceptAll);
        double oracleRatio = PoseGraphSolver.chi2(withFullIds(oracle.graph(), full)) / optimumChi2;

        int poses = robots.stream().mapToInt(r -> r.graph().poseCount()).sum();
        return new Result(
                robots.size(),
                poses,
                corrupted.closures().size(),
                corrupted.injected().size(),
                acceptedTrue,
                acceptedFalse,
                rejectedTrue,
                rejectedTrueAlone,
                merged.unjoined(),
                chi2Ratio,
                oracleRatio,
                ate,
                acceptAllRatio,
                mergeMillis);
    }

    /**
     * The full graph with its poses set from the merged solution (Symbol key's index = full id).
     */
    private static PoseGraph withFullIds(PoseGraph merged, PoseGraph full) {
        PoseGraph out = full.copy();
        for (int i = 0; i < merged.poseCount(); i++) {
            long key = merged.id(i);
            long id = RobotPose.ofKey(key).index();
            if (out.hasPose(id)) {
                out.setPose(id, merged.pose3(key));
            }
        }
        return out;
    }

    private static Path fullGraphOf(Path dir) throws IOException {
        for (String name : List.of("fullGraph.g2o", "fullGraph.g2o.gz")) {
            if (Files.exists(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IOException("no fullGraph.g2o in " + dir);
    }
}
