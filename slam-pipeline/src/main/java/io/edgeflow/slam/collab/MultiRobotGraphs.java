package io.edgeflow.slam.collab;

import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.posegraph.BetweenFactor;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseSpace;
import io.edgeflow.slam.posegraph.io.G2oReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A fleet's graphs as distributed-mapper stores them ({@code 0.g2o … (N−1).g2o}, gzip allowed):
 * file r holds robot r's poses and edges under GTSAM Symbol keys, plus the inter-robot edges it
 * shares with other robots (listed in both robots' files; kept once here).
 *
 * <p>Each robot's graph is re-based to its own first pose, so robots start with unknown relative
 * poses, as they do in the field.
 */
public record MultiRobotGraphs(Map<Character, PoseGraph> robots, List<InterRobotClosure> closures) {

    public static MultiRobotGraphs read(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int r = 0; ; r++) {
            Path file = dir.resolve(r + ".g2o");
            if (!Files.exists(file)) {
                file = dir.resolve(r + ".g2o.gz");
            }
            if (!Files.exists(file)) {
                break;
            }
            files.add(file);
        }
        if (files.isEmpty()) {
            throw new IOException("no 0.g2o or 0.g2o.gz in " + dir);
        }
        // one stream: a robot's file names other robots' poses that only their own files declare
        List<InputStream> streams = new ArrayList<>();
        for (Path f : files) {
            InputStream in = Files.newInputStream(f);
            streams.add(f.toString().endsWith(".gz") ? new GZIPInputStream(in) : in);
        }
        PoseGraph all;
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                new SequenceInputStream(Collections.enumeration(streams)),
                                StandardCharsets.UTF_8))) {
            all = G2oReader.read(dir + "/{0.." + (files.size() - 1) + "}.g2o", in).graph();
        }
        if (all.space() != PoseSpace.SE3) {
            throw new IOException(dir + ": expected VERTEX_SE3/EDGE_SE3 graphs");
        }
        Map<Character, PoseGraph> raw = new TreeMap<>();
        List<InterRobotClosure> closures = new ArrayList<>();
        split(all, raw, closures);
        Map<Character, PoseGraph> robots = new LinkedHashMap<>();
        raw.forEach((robot, g) -> robots.put(robot, rebased(g)));
        return new MultiRobotGraphs(robots, closures);
    }

    private static void split(
            PoseGraph g, Map<Character, PoseGraph> robots, List<InterRobotClosure> closures) {
        Set<String> seen = new HashSet<>();
        // poses in index order within each robot, so a robot's pose order follows its path
        TreeMap<Long, Integer> ownPoses = new TreeMap<>();
        for (BetweenFactor f : g.betweenFactors()) {
            long from = g.id(f.from()), to = g.id(f.to());
            if (RobotPose.robotOf(from) == RobotPose.robotOf(to)) {
                ownPoses.put(from, f.from());
                ownPoses.put(to, f.to());
            }
        }
        for (Map.Entry<Long, Integer> p : ownPoses.entrySet()) {
            PoseGraph robot =
                    robots.computeIfAbsent(RobotPose.robotOf(p.getKey()), k -> PoseGraph.spatial());
            if (!robot.hasPose(p.getKey())) {
                robot.addPose(p.getKey(), g.pose3(p.getKey()));
            }
        }
        for (BetweenFactor f : g.betweenFactors()) {
            long from = g.id(f.from()), to = g.id(f.to());
            if (!seen.add(from + ">" + to)) {
                continue;
            }
            SE3 z = RobotMap.measured(PoseSpace.SE3, f.measured());
            if (RobotPose.robotOf(from) == RobotPose.robotOf(to)) {
                robots.get(RobotPose.robotOf(from)).addBetween(from, to, z, f.information());
            } else {
                closures.add(new InterRobotClosure(from, to, z, f.information()));
            }
        }
    }

    /** The same graph with every pose expressed relative to its first pose. */
    static PoseGraph rebased(PoseGraph g) {
        SE3 origin = g.pose3(g.id(0)).inverse();
        PoseGraph out = PoseGraph.spatial();
        for (int i = 0; i < g.poseCount(); i++) {
            out.addPose(g.id(i), origin.compose(g.pose3(g.id(i))));
        }
        for (BetweenFactor f : g.betweenFactors()) {
            out.addBetween(
                    g.id(f.from()),
                    g.id(f.to()),
                    RobotMap.measured(PoseSpace.SE3, f.measured()),
                    f.information());
        }
        return out;
    }
}
