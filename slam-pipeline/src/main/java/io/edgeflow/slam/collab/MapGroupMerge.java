package io.edgeflow.slam.collab;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.posegraph.BetweenFactor;
import io.edgeflow.slam.posegraph.Initialization;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseGraphSolver;
import io.edgeflow.slam.posegraph.PoseSpace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins robots that mapped in their own frames into one map group: screens the candidate
 * inter-robot closures pair by pair ({@link PairwiseConsistency}), aligns each robot's frame to the
 * group frame through a spanning tree of accepted closures (the first robot's frame is the
 * group's), and assembles one pose graph of every joined robot's poses and constraints plus the
 * accepted closures, initialized from the alignment and ready to solve. Robots without an accepted
 * path to the first stay out until one appears.
 */
public final class MapGroupMerge {

    /**
     * @param graph the joined robots' poses in the group frame and all their constraints, solved
     * @param alignment each joined robot's frame in the group frame
     */
    public record Result(
            PoseGraph graph,
            Map<Character, SE3> alignment,
            List<Character> unjoined,
            List<InterRobotClosure> accepted,
            List<InterRobotClosure> rejected) {}

    private MapGroupMerge() {}

    public static Result merge(
            List<RobotMap> robots,
            List<InterRobotClosure> candidates,
            PairwiseConsistency.Settings settings) {
        if (robots.isEmpty()) {
            throw new IllegalArgumentException("a map group needs at least one robot");
        }
        PoseSpace space = robots.get(0).graph().space();
        Map<Character, RobotMap> byRobot = new LinkedHashMap<>();
        for (RobotMap r : robots) {
            if (r.graph().space() != space) {
                throw new IllegalArgumentException("robots' graphs mix planar and spatial poses");
            }
            if (byRobot.put(r.robot(), r) != null) {
                throw new IllegalArgumentException("robot " + r.robot() + " listed twice");
            }
        }

        Map<String, List<InterRobotClosure>> byPair = new LinkedHashMap<>();
        for (InterRobotClosure c : candidates) {
            if (!byRobot.containsKey(c.fromRobot()) || !byRobot.containsKey(c.toRobot())) {
                throw new IllegalArgumentException("closure " + c + " names an unknown robot");
            }
            byPair.computeIfAbsent(c.robotPair(), k -> new ArrayList<>()).add(c);
        }
        List<InterRobotClosure> accepted = new ArrayList<>();
        List<InterRobotClosure> rejected = new ArrayList<>();
        for (List<InterRobotClosure> pair : byPair.values()) {
            InterRobotClosure first = pair.get(0);
            PairwiseConsistency.Selection s =
                    PairwiseConsistency.select(
                            byRobot.get(first.fromRobot()),
                            byRobot.get(first.toRobot()),
                            pair,
                            settings);
            accepted.addAll(s.accepted());
            rejected.addAll(s.rejected());
        }

        // solve the group; drop the accepted closure that fits it worst until all fit
        while (true) {
            Map<Character, SE3> alignment = align(robots.get(0).robot(), byRobot, accepted);
            List<InterRobotClosure> inGroup = new ArrayList<>();
            PoseGraph graph = assemble(space, byRobot, alignment, accepted, inGroup);
            new PoseGraphSolver(PoseGraphSolver.Settings.defaults())
                    .solve(graph, Initialization.FILE);
            InterRobotClosure worst = null;
            double worstNorm = settings.groupThreshold();
            for (InterRobotClosure c : inGroup) {
                double norm = residualNorm(graph, c, settings);
                if (norm > worstNorm) {
                    worst = c;
                    worstNorm = norm;
                }
            }
            if (worst == null) {
                List<Character> unjoined = new ArrayList<>();
                for (Character r : byRobot.keySet()) {
                    if (!alignment.containsKey(r)) {
                        unjoined.add(r);
                    }
                }
                return new Result(graph, alignment, unjoined, accepted, rejected);
            }
            accepted.remove(worst);
            rejected.add(worst);
        }
    }

    /** ‖e‖²_Σ of a closure in the solved group, e = z⁻¹·(x_from⁻¹·x_to), Σ the closure noise. */
    private static double residualNorm(
            PoseGraph g, InterRobotClosure c, PairwiseConsistency.Settings s) {
        SE3 from = RobotMap.lifted(g, c.from()), to = RobotMap.lifted(g, c.to());
        double[] e = c.measured().localCoordinates(from.between(to));
        return (e[0] * e[0] + e[1] * e[1] + e[2] * e[2]) / s.closureTranslationVariance()
                + (e[3] * e[3] + e[4] * e[4] + e[5] * e[5]) / s.closureRotationVariance();
    }

    /** Breadth-first over accepted closures: x_group(b) = T_a · x_a(from) · z · x_b(to)⁻¹. */
    private static Map<Character, SE3> align(
            char root, Map<Character, RobotMap> robots, List<InterRobotClosure> accepted) {
        Map<Character, SE3> alignment = new LinkedHashMap<>();
        alignment.put(root, SE3.IDENTITY);
        Deque<Character> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            char a = queue.poll();
            for (InterRobotClosure c : accepted) {
                InterRobotClosure z =
                        c.fromRobot() == a ? c : c.toRobot() == a ? c.reversed() : null;
                if (z == null || alignment.containsKey(z.toRobot())) {
                    continue;
                }
                RobotMap from = robots.get(a), to = robots.get(z.toRobot());
                SE3 t =
                        alignment
                                .get(a)
                                .compose(from.pose(z.from()))
                                .compose(z.measured())
                                .compose(to.pose(z.to()).inverse());
                alignment.put(z.toRobot(), t);
                queue.add(z.toRobot());
            }
        }
        return alignment;
    }

    private static PoseGraph assemble(
            PoseSpace space,
            Map<Character, RobotMap> robots,
            Map<Character, SE3> alignment,
            List<InterRobotClosure> accepted,
            List<InterRobotClosure> inGroup) {
        PoseGraph g = new PoseGraph(space);
        for (Map.Entry<Character, SE3> e : alignment.entrySet()) {
            RobotMap robot = robots.get(e.getKey());
            PoseGraph local = robot.graph();
            for (int i = 0; i < local.poseCount(); i++) {
                long id = local.id(i);
                SE3 p = e.getValue().compose(robot.pose(id));
                if (space == PoseSpace.SE2) {
                    g.addPose(id, planar(p));
                } else {
                    g.addPose(id, p);
                }
            }
        }
        for (Character r : alignment.keySet()) {
            PoseGraph local = robots.get(r).graph();
            for (BetweenFactor f : local.betweenFactors()) {
                SE3 z = RobotMap.measured(space, f.measured());
                addBetween(g, local.id(f.from()), local.id(f.to()), z, f.information());
            }
        }
        for (InterRobotClosure c : accepted) {
            if (alignment.containsKey(c.fromRobot()) && alignment.containsKey(c.toRobot())) {
                addBetween(g, c.from(), c.to(), c.measured(), c.information());
                inGroup.add(c);
            }
        }
        return g;
    }

    private static void addBetween(PoseGraph g, long from, long to, SE3 z, double[] information) {
        if (g.space() == PoseSpace.SE2) {
            g.addBetween(from, to, planar(z), information);
        } else {
            g.addBetween(from, to, z, information);
        }
    }

    private static SE2 planar(SE3 p) {
        double yaw = Math.atan2(p.rotation().get(1, 0), p.rotation().get(0, 0));
        return new SE2(p.x(), p.y(), yaw);
    }
}
