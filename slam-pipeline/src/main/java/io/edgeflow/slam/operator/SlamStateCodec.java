package io.edgeflow.slam.operator;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.LocalSlamState;
import io.edgeflow.slam.ScanPose;
import io.edgeflow.slam.TrajectoryNode;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.loopclosure.SearchRequest;
import io.edgeflow.slam.loopclosure.SolveRequest;
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
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Binary encoding of the SLAM engine's state for Flink keyed state (format version 4; reads 1–3).
 * The parts are stored so that what never changes is written once: finished submaps and trajectory
 * nodes one entry each in map state when they appear; constraints and scan poses, which only grow,
 * as batches appended to list state at checkpoints; the rest (the "working set": active submaps,
 * node and submap poses, pending loop-closure searches and solve) one value rewritten at
 * checkpoints. Grids are stored as deflated tiles (lossless; mostly unknown or saturated cells, ≈ a
 * tenth of the raw floats). Version 2 added the pending searches, version 3 the pending solve,
 * version 4 moved constraints and scan poses out of the working set and deflated the grids.
 */
public final class SlamStateCodec {
    static final int VERSION = 4;

    // Marks a deflated submap (an uncompressed one starts with its index, never negative).
    private static final int DEFLATED_SUBMAP = -1;

    private SlamStateCodec() {}

    /**
     * The working set: the state minus finished submaps, nodes, constraints and scan poses (stored
     * apart, see the class comment); it records how many constraints and scan poses there are.
     */
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
                        bytes(out, encodeSubmap(sub));
                    }
                    out.writeInt(s.nodeGlobalPoses().size());
                    for (Pose2 p : s.nodeGlobalPoses()) {
                        pose(out, p);
                    }
                    poseMap(out, s.submapLocalPoses());
                    poseMap(out, s.submapGlobalPoses());
                    out.writeInt(s.constraints().size());
                    out.writeInt(s.scanPoses().size());
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
                    out.writeBoolean(s.pendingSolve() != null);
                    if (s.pendingSolve() != null) {
                        out.writeInt(s.pendingSolve().nodeCount());
                        out.writeInt(s.pendingSolve().submapCount());
                        out.writeInt(s.pendingSolve().constraintCount());
                    }
                });
    }

    /** A batch of constraints (for appending to list state). */
    public static byte[] encodeConstraints(List<Constraint> constraints) {
        return encodeBatch(constraints, SlamStateCodec::constraint);
    }

    public static List<Constraint> decodeConstraints(byte[] bytes) {
        return decodeBatch(bytes, SlamStateCodec::constraint);
    }

    /** A batch of scan poses (for appending to list state). */
    public static byte[] encodeScanPoses(List<ScanPose> scanPoses) {
        return encodeBatch(scanPoses, SlamStateCodec::scanPose);
    }

    public static List<ScanPose> decodeScanPoses(byte[] bytes) {
        return decodeBatch(bytes, SlamStateCodec::scanPose);
    }

    private interface ItemWriter<T> {
        void write(DataOutputStream out, T item) throws IOException;
    }

    private static <T> byte[] encodeBatch(List<T> items, ItemWriter<T> writer) {
        return write(
                out -> {
                    out.writeInt(items.size());
                    for (T item : items) {
                        writer.write(out, item);
                    }
                });
    }

    private static <T> List<T> decodeBatch(byte[] bytes, Reader<T> reader) {
        return read(
                bytes,
                in -> {
                    List<T> out = new ArrayList<>();
                    for (int i = in.readInt(); i > 0; i--) {
                        out.add(reader.read(in));
                    }
                    return out;
                });
    }

    /**
     * Reassembles the full state from its parts; {@code constraints} and {@code scanPoses} (from
     * list state) are used for version 4, older working sets hold their own.
     */
    public static LocalSlamState decode(
            byte[] workingSet,
            List<SubmapState> finishedSubmaps,
            List<TrajectoryNode> nodes,
            List<Constraint> constraints,
            List<ScanPose> scanPoses) {
        return read(
                workingSet,
                in -> {
                    int version = in.readInt();
                    if (version < 1 || version > VERSION) {
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
                        active.add(version >= 4 ? decodeSubmap(bytes(in)) : submap(in));
                    }
                    List<Pose2> nodePoses = new ArrayList<>();
                    for (int i = in.readInt(); i > 0; i--) {
                        nodePoses.add(pose(in));
                    }
                    Map<Integer, Pose2> submapLocal = poseMap(in);
                    Map<Integer, Pose2> submapGlobal = poseMap(in);
                    List<Constraint> allConstraints = new ArrayList<>();
                    List<ScanPose> allScanPoses = new ArrayList<>();
                    if (version >= 4) {
                        expectCount("constraints", in.readInt(), constraints.size());
                        expectCount("scan poses", in.readInt(), scanPoses.size());
                        allConstraints.addAll(constraints);
                        allScanPoses.addAll(scanPoses);
                    } else {
                        for (int i = in.readInt(); i > 0; i--) {
                            allConstraints.add(constraint(in));
                        }
                        for (int i = in.readInt(); i > 0; i--) {
                            allScanPoses.add(scanPose(in));
                        }
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
                    SolveRequest solve =
                            version >= 3 && in.readBoolean()
                                    ? new SolveRequest(in.readInt(), in.readInt(), in.readInt())
                                    : null;
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
                            allConstraints,
                            allScanPoses,
                            nodesSinceOptimization,
                            loopClosuresSinceOptimization,
                            pending,
                            solve);
                });
    }

    private static void expectCount(String what, int recorded, int found) throws IOException {
        if (recorded != found) {
            throw new IOException(
                    "the working set records " + recorded + " " + what + ", state holds " + found);
        }
    }

    private static void constraint(DataOutputStream out, Constraint c) throws IOException {
        out.writeInt(c.submapIndex());
        out.writeInt(c.nodeIndex());
        pose(out, c.relative());
        out.writeDouble(c.translationWeight());
        out.writeDouble(c.rotationWeight());
        out.writeByte(c.kind().ordinal());
        out.writeDouble(c.score());
    }

    private static Constraint constraint(DataInputStream in) throws IOException {
        return new Constraint(
                in.readInt(),
                in.readInt(),
                pose(in),
                in.readDouble(),
                in.readDouble(),
                Constraint.Kind.values()[in.readByte()],
                in.readDouble());
    }

    private static void scanPose(DataOutputStream out, ScanPose sp) throws IOException {
        out.writeDouble(sp.time());
        out.writeInt(sp.nodeIndex());
        pose(out, sp.relativeToNode());
    }

    private static ScanPose scanPose(DataInputStream in) throws IOException {
        return new ScanPose(in.readDouble(), in.readInt(), pose(in));
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    /** A submap, its tiles deflated. */
    public static byte[] encodeSubmap(SubmapState s) {
        byte[] raw = write(out -> submap(out, s));
        return write(
                out -> {
                    out.writeInt(DEFLATED_SUBMAP);
                    out.writeInt(raw.length);
                    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
                    try {
                        DeflaterOutputStream z = new DeflaterOutputStream(out, deflater);
                        z.write(raw);
                        z.finish();
                    } finally {
                        deflater.end();
                    }
                });
    }

    /** A submap as {@link #encodeSubmap} wrote it, or uncompressed (formats 1–3). */
    public static SubmapState decodeSubmap(byte[] bytes) {
        return read(
                bytes,
                in -> {
                    in.mark(4);
                    if (in.readInt() != DEFLATED_SUBMAP) {
                        in.reset();
                        return submap(in);
                    }
                    byte[] raw = new byte[in.readInt()];
                    Inflater inflater = new Inflater();
                    try (InflaterInputStream z = new InflaterInputStream(in, inflater)) {
                        new DataInputStream(z).readFully(raw);
                    } finally {
                        inflater.end();
                    }
                    return read(raw, SlamStateCodec::submap);
                });
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
