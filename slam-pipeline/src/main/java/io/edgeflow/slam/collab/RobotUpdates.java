package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.ScanResult;
import io.edgeflow.slam.TrajectoryNode;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.mapping2d.Submap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sending side of one robot's {@link RobotUpdate}s: after each scan its local SLAM processed,
 * what the map group has to learn — a new node, a finished submap, poses a solve moved. It
 * remembers the poses it last sent, so a solve is noticed by comparing, whenever and wherever the
 * engine ran it. A sender resumed on a restored engine starts from the engine's poses: every update
 * up to the state's snapshot was sent before it was taken.
 */
public final class RobotUpdates {
    private final int robot;
    private final List<Pose2> sentNodes = new ArrayList<>();
    private final Map<Integer, Pose2> sentSubmaps = new HashMap<>();

    private RobotUpdates(int robot) {
        this.robot = robot;
    }

    /** A sender for a robot whose engine has not run yet. */
    public static RobotUpdates start(int robot) {
        return new RobotUpdates(robot);
    }

    /** A sender for a robot whose engine was restored (all of its updates so far were sent). */
    public static RobotUpdates resume(int robot, LocalSlam slam) {
        RobotUpdates u = new RobotUpdates(robot);
        u.sentNodes.addAll(slam.nodeGlobalPoses());
        u.sentSubmaps.putAll(finishedPoses(slam));
        return u;
    }

    /**
     * The update after {@code result}, which {@code slam} just produced from the scan of frame
     * {@code frameSeq}; null if the scan changed nothing the group sees (it was no node).
     */
    public RobotUpdate after(ScanResult result, LocalSlam slam, long frameSeq) {
        if (result.nodeIndex() < 0) {
            return null;
        }
        int index = result.nodeIndex();
        TrajectoryNode n = slam.nodes().get(index);
        RobotUpdate.Node node =
                new RobotUpdate.Node(
                        index,
                        frameSeq,
                        n.time(),
                        n.localPose(),
                        slam.nodeGlobalPoses().get(index),
                        insertedInto(slam, index),
                        n.points());
        RobotUpdate.FinishedSubmap finished = null;
        if (result.finishedSubmap() != null) {
            int s = result.finishedSubmap().index();
            finished =
                    new RobotUpdate.FinishedSubmap(
                            result.finishedSubmap(), slam.submapGlobalPoses().get(s));
        }
        RobotUpdate.OptimizedPoses optimized = movedSinceSent(slam, index);
        sentNodes.add(slam.nodeGlobalPoses().get(index));
        if (finished != null) {
            sentSubmaps.put(finished.submap().index(), finished.globalPose());
        }
        return new RobotUpdate(robot, node, finished, optimized);
    }

    /** After {@link LocalSlam#finish}: the poses its last solve moved, or null if none. */
    public RobotUpdate afterFinish(LocalSlam slam) {
        RobotUpdate.OptimizedPoses optimized = movedSinceSent(slam, slam.nodes().size());
        return optimized == null ? null : new RobotUpdate(robot, null, null, optimized);
    }

    /** Every pose, if one of the first {@code nodes} nodes or a finished submap moved. */
    private RobotUpdate.OptimizedPoses movedSinceSent(LocalSlam slam, int nodes) {
        List<Pose2> now = slam.nodeGlobalPoses();
        Map<Integer, Pose2> submaps = finishedPoses(slam);
        boolean moved = false;
        for (int i = 0; i < nodes && !moved; i++) {
            moved = !now.get(i).equals(sentNodes.get(i));
        }
        for (Map.Entry<Integer, Pose2> e : sentSubmaps.entrySet()) {
            moved |= !e.getValue().equals(submaps.get(e.getKey()));
        }
        if (!moved) {
            return null;
        }
        for (int i = 0; i < nodes; i++) {
            sentNodes.set(i, now.get(i));
        }
        sentSubmaps.putAll(submaps);
        return new RobotUpdate.OptimizedPoses(List.copyOf(now), submaps);
    }

    private static Map<Integer, Pose2> finishedPoses(LocalSlam slam) {
        Map<Integer, Pose2> out = new TreeMap<>();
        for (Map.Entry<Integer, Submap> e : slam.submaps().entrySet()) {
            if (e.getValue().finished()) {
                out.put(e.getKey(), slam.submapGlobalPoses().get(e.getKey()));
            }
        }
        return out;
    }

    /**
     * The submaps node {@code node} went into: its intra-submap constraints, found from the end of
     * the constraint list back to the first constraint of an earlier node.
     */
    private static int[] insertedInto(LocalSlam slam, int node) {
        List<Constraint> cs = slam.constraints();
        List<Integer> out = new ArrayList<>();
        for (int i = cs.size() - 1; i >= 0; i--) {
            Constraint c = cs.get(i);
            if (c.nodeIndex() < node) {
                break;
            }
            if (c.nodeIndex() == node && c.kind() == Constraint.Kind.INTRA_SUBMAP) {
                out.add(0, c.submapIndex());
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
