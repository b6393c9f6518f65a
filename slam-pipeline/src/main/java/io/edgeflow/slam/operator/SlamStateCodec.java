package io.edgeflow.slam.operator;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.LocalSlamState;
import io.edgeflow.slam.ScanPose;
import io.edgeflow.slam.TrajectoryNode;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.loopclosure.SearchRequest;
import io.edgeflow.slam.mapping2d.GridTile;
import io.edgeflow.slam.mapping2d.MotionFilter;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.SubmapState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binary encoding of the SLAM engine's state for Flink keyed state (format version 2; reads 1).
 * Three parts, so that what never changes is written once: finished submaps and trajectory nodes go
 * one entry each into map state; everything else (the "working set": active submaps, poses,
 * constraints, pending loop-closure searches) is one value rewritten at checkpoints. Version 2
 * added the pending searches; a version-1 working set has none.
 */
public final class SlamStateCodec {
    static final int VERSION = 2;

    private SlamStateCodec() {}

    /** The working set: the state minus finished submaps and nodes. */
    public static byte[] encodeWorkingSet(LocalSlamState s) {
        return write(
                out -> {
                    out.writeInt(VERSION);
                    out.writeDouble(s.lastTime());
                    nullablePose(out, s.lastLocalPose());
                    nullablePose(out, s.lastOdometry());
                    out.writeBoolean(s.lastNode() != null);
                    if (s.lastNode() != null) {
                        out.writeDouble(s.lastNode().time());
                        pose(out, s.lastNode().pose());
                    }
                    out.writeInt(s.nextSubmapIndex());
                    out.writeInt(s.activeSubmaps().size());
                    for (SubmapState sub : s.activeSubmaps()) {
                        submap(out, sub);
                    }
                    out.writeInt(s.nodeGlobalPoses().size());
                    for (Pose2 p : s.nodeGlobalPoses()) {
                        pose(out, p);
                    }
                    poseMap(out, s.submapLocalPoses());
                    poseMap(out, s.submapGlobalPoses());
                    out.writeInt(s.constraints().size());
                    for (Constraint c : s.constraints()) {
                        out.writeInt(c.submapIndex());
                        out.writeInt(c.nodeIndex());
                        pose(out, c.relative());
                        out.writeDouble(c.translationWeight());
                        out.writeDouble(c.rotationWeight());
                        out.writeByte(c.kind().ordinal());
                        out.writeDouble(c.score());
                    }
                    out.writeInt(s.scanPoses().size());
                    for (ScanPose sp : s.scanPoses()) {
                        out.writeDouble(sp.time());
                        out.writeInt(sp.nodeIndex());
                        pose(out, sp.relativeToNode());
                    }
                    out.writeInt(s.nodesSinceOptimization());
                    out.writeInt(s.loopClosuresSinceOptimization());
                    out.writeInt(s.pendingSearches().size());
                    for (SearchRequest r : s.pendingSearches()) {
                        out.writeInt(r.nodeIndex());
                        pose(out, r.nodeGlobal());
                        out.writeInt(r.targets().size());
                        for (SearchRequest.Target t : r.targets()) {
                            out.writeInt(t.submapIndex());
                            pose(out, t.submapGlobal());
                            out.writeBoolean(t.global());
                        }
                    }
                });
    }

    /** Reassembles the full state from its three parts. */
    public static LocalSlamState decode(
            byte[] workingSet, List<SubmapState> finishedSubmaps, List<TrajectoryNode> nodes) {
        return read(
                workingSet,
                in -> {
                    int version = in.readInt();
                    if (version != 1 && version != VERSION) {
                        throw new IOException(
                                "SLAM state format " + version + ", this build reads " + VERSION);
                    }
                    double lastTime = in.readDouble();
                    Pose2 lastLocal = nullablePose(in);
                    Pose2 lastOdom = nullablePose(in);
                    MotionFilter.Last lastNode =
                            in.readBoolean()
                                    ? new MotionFilter.Last(in.readDouble(), pose(in))
                                    : null;
                    int nextSubmap = in.readInt();
                    List<SubmapState> active = new ArrayList<>();
                    for (int i = in.readInt(); i > 0; i--) {
                        active.add(submap(in));
                    }
                    List<Pose2> nodePoses = new ArrayList<>();
                    for (int i = in.readInt(); i > 0; i--) {
                        nodePoses.add(pose(in));
                    }
                    Map<Integer, Pose2> submapLocal = poseMap(in);
                    Map<Integer, Pose2> submapGlobal = poseMap(in);
                    List<Constraint> constraints = new ArrayList<>();
                    for (int i = in.readInt(); i > 0; i--) {
                        constraints.add(
                                new Constraint(
                                        in.readInt(),
                                        in.readInt(),
                                        pose(in),
                                        in.readDouble(),
                                        in.readDouble(),
                                        Constraint.Kind.values()[in.readByte()],
                                        in.readDouble()));
                    }
                    List<ScanPose> scanPoses = new ArrayList<>();
                    for (int i = in.readInt(); i > 0; i--) {
                        scanPoses.add(new ScanPose(in.readDouble(), in.readInt(), pose(in)));
                    }
                    int nodesSinceOptimization = in.readInt();
                    int loopClosuresSinceOptimization = in.readInt();
                    List<SearchRequest> pending = new ArrayList<>();
                    for (int i = version == 1 ? 0 : in.readInt(); i > 0; i--) {
                        int node = in.readInt();
                        Pose2 nodeGlobal = pose(in);
                        List<SearchRequest.Target> targets = new ArrayList<>();
                        for (int j = in.readInt(); j > 0; j--) {
                            targets.add(
                                    new SearchRequest.Target(
                                            in.readInt(), pose(in), in.readBoolean()));
                        }
                        pending.add(new SearchRequest(node, nodeGlobal, targets));
                    }
                    return new LocalSlamState(
                            lastTime,
                            lastLocal,
                            lastOdom,
                            lastNode,
                            nextSubmap,
                            active,
                            finishedSubmaps,
                            nodes,
                            nodePoses,
                            submapLocal,
                            submapGlobal,
                            constraints,
                            scanPoses,
                            nodesSinceOptimization,
                            loopClosuresSinceOptimization,
                            pending);
                });
    }

    public static byte[] encodeSubmap(SubmapState s) {
        return write(out -> submap(out, s));
    }

    public static SubmapState decodeSubmap(byte[] bytes) {
        return read(bytes, SlamStateCodec::submap);
    }

    public static byte[] encodeNode(TrajectoryNode n) {
        return write(
                out -> {
                    out.writeInt(n.index());
                    out.writeDouble(n.time());
                    pose(out, n.localPose());
                    floats(out, n.points().xs());
                    floats(out, n.points().ys());
                });
    }

    public static TrajectoryNode decodeNode(byte[] bytes) {
        return read(
                bytes,
                in ->
                        new TrajectoryNode(
                                in.readInt(),
                                in.readDouble(),
                                pose(in),
                                new PointSet(floats(in), floats(in))));
    }

    private static void submap(DataOutputStream out, SubmapState s) throws IOException {
        out.writeInt(s.index());
        pose(out, s.localPose());
        out.writeInt(s.numRangeData());
        out.writeBoolean(s.finished());
        out.writeDouble(s.resolution());
        out.writeInt(s.tiles().size());
        for (GridTile t : s.tiles()) {
            out.writeInt(t.tileX());
            out.writeInt(t.tileY());
            floats(out, t.logOdds());
        }
    }

    private static SubmapState submap(DataInputStream in) throws IOException {
        int index = in.readInt();
        Pose2 local = pose(in);
        int numRangeData = in.readInt();
        boolean finished = in.readBoolean();
        double resolution = in.readDouble();
        List<GridTile> tiles = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            tiles.add(new GridTile(in.readInt(), in.readInt(), floats(in)));
        }
        return new SubmapState(index, local, numRangeData, finished, resolution, tiles);
    }

    private static void pose(DataOutputStream out, Pose2 p) throws IOException {
        out.writeDouble(p.x());
        out.writeDouble(p.y());
        out.writeDouble(p.theta());
    }

    private static Pose2 pose(DataInputStream in) throws IOException {
        return new Pose2(in.readDouble(), in.readDouble(), in.readDouble());
    }

    private static void nullablePose(DataOutputStream out, Pose2 p) throws IOException {
        out.writeBoolean(p != null);
        if (p != null) {
            pose(out, p);
        }
    }

    private static Pose2 nullablePose(DataInputStream in) throws IOException {
        return in.readBoolean() ? pose(in) : null;
    }

    private static void poseMap(DataOutputStream out, Map<Integer, Pose2> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<Integer, Pose2> e : new TreeMap<>(m).entrySet()) {
            out.writeInt(e.getKey());
            pose(out, e.getValue());
        }
    }

    private static Map<Integer, Pose2> poseMap(DataInputStream in) throws IOException {
        Map<Integer, Pose2> m = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            m.put(in.readInt(), pose(in));
        }
        return m;
    }

    private static void floats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    private static float[] floats(DataInputStream in) throws IOException {
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return r.read(in);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt SLAM state: " + e.getMessage(), e);
        }
    }
}
