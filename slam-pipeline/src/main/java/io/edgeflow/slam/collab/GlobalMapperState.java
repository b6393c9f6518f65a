package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GlobalMapper}'s state in two parts, for keyed state: the updates it applied, in order
 * (the robots' maps — nodes, submaps, poses — which only grow, stored once each), and the working
 * set: every decision it took (candidates, vetoes, approvals, alignments, the group solve's poses,
 * what it last sent) in one value rewritten at checkpoints. The tiles last emitted are the third
 * part, one entry per tile. A mapper rebuilt from them continues exactly as the one that never
 * stopped (format version {@value #VERSION}).
 */
public final class GlobalMapperState {
    static final int VERSION = 1;

    private GlobalMapperState() {}

    public static byte[] encodeWorkingSet(GlobalMapper m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeInt(m.merges);
            out.writeInt(m.windowedSinceMerge);
            out.writeDouble(m.clock);
            out.writeDouble(m.nextTiles);
            out.writeBoolean(m.mapChanged);
            out.writeLong(m.newestMicros);
            out.writeLong(m.recognition.verifications());
            out.writeLong(m.recognition.windowedSearches());
            out.writeInt(m.robots.size());
            for (GlobalMapper.Robot r : m.robots.values()) {
                out.writeInt(r.id);
                out.writeChar(r.groupRoot);
                pose(out, r.toGroup);
                out.writeDouble(r.joinTime);
                out.writeBoolean(r.joined);
                poses(out, r.solved);
                poses(out, r.sent);
            }
            Map<InterRobotClosure, Integer> index = new HashMap<>();
            out.writeInt(m.candidates.size());
            for (InterRobotClosure c : m.candidates) {
                index.put(c, index.size());
                out.writeLong(c.from());
                out.writeLong(c.to());
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        out.writeDouble(c.measured().rotation().get(i, j));
                    }
                }
                out.writeDouble(c.measured().x());
                out.writeDouble(c.measured().y());
                out.writeDouble(c.measured().z());
                out.writeInt(c.information().length);
                for (double v : c.information()) {
                    out.writeDouble(v);
                }
            }
            out.writeInt(m.vetoed.size());
            for (InterRobotClosure c : m.vetoed) {
                out.writeInt(index.get(c));
            }
            out.writeInt(m.approved.size());
            for (String pair : m.approved) {
                out.writeUTF(pair);
            }
            out.writeInt(m.joinChecks.size());
            for (GlobalMapper.JoinCheck j : m.joinChecks) {
                out.writeUTF(j.pair());
                out.writeDouble(j.robotTime());
                out.writeInt(j.closures());
                out.writeInt(j.knownWalls());
                out.writeDouble(j.conflict());
                out.writeByte(j.verdict().ordinal());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The mapper that took {@code applied} (in that order) and then had {@code workingSet} encoded,
     * with {@code tiles} as the tiles it last emitted.
     */
    public static GlobalMapper restore(
            GlobalMapper.Settings settings,
            LocalSlamConfig config,
            CrossRobotSearch search,
            byte[] workingSet,
            List<RobotUpdate> applied,
            Map<String, MergedTiles.Emitted> tiles) {
        GlobalMapper m = new GlobalMapper(settings, config, search);
        for (RobotUpdate u : applied) {
            m.record(u);
        }
        // places in the order their submaps were first added, with every member node
        for (RobotUpdate u : applied) {
            if (u.finishedSubmap() != null) {
                GlobalMapper.Robot r = m.robots.get(u.robot());
                int s = u.finishedSubmap().submap().index();
                m.recognition.addPlaces(
                        r.letter, r.finished.get(s), r.members.getOrDefault(s, List.of()));
            }
        }
        m.tiles.restore(tiles);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(workingSet))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(
                        "global mapper state format " + version + ", this build reads " + VERSION);
            }
            m.merges = in.readInt();
            m.windowedSinceMerge = in.readInt();
            m.clock = in.readDouble();
            m.nextTiles = in.readDouble();
            m.mapChanged = in.readBoolean();
            m.newestMicros = in.readLong();
            m.recognition.restoreCounters(in.readLong(), in.readLong());
            for (int i = in.readInt(); i > 0; i--) {
                GlobalMapper.Robot r = m.robots.get(in.readInt());
                r.groupRoot = in.readChar();
                r.toGroup = pose(in);
                r.joinTime = in.readDouble();
                r.joined = in.readBoolean();
                r.solved.addAll(poses(in));
                r.sent.addAll(poses(in));
            }
            List<InterRobotClosure> candidates = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                long from = in.readLong(), to = in.readLong();
                double[] rotation = new double[9];
                for (int k = 0; k < 9; k++) {
                    rotation[k] = in.readDouble();
                }
                SE3 measured =
                        new SE3(
                                SO3.ofMatrix(rotation),
                                in.readDouble(),
                                in.readDouble(),
                                in.readDouble());
                double[] information = new double[in.readInt()];
                for (int k = 0; k < information.length; k++) {
                    information[k] = in.readDouble();
                }
                candidates.add(new InterRobotClosure(from, to, measured, information));
            }
            m.candidates.addAll(candidates);
            for (int i = in.readInt(); i > 0; i--) {
                m.vetoed.add(candidates.get(in.readInt()));
            }
            for (int i = in.readInt(); i > 0; i--) {
                m.approved.add(in.readUTF());
            }
            for (int i = in.readInt(); i > 0; i--) {
                m.joinChecks.add(
                        new GlobalMapper.JoinCheck(
                                in.readUTF(),
                                in.readDouble(),
                                in.readInt(),
                                in.readInt(),
                                in.readDouble(),
                                GlobalMapper.JoinCheck.Verdict.values()[in.readByte()]));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated global mapper state", e);
        }
        return m;
    }

    /** A tile as last emitted, for its map-state entry. */
    public static byte[] encodeTile(MergedTiles.Emitted t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(t.cells().length + 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(t.version());
            out.writeInt(t.cells().length);
            out.write(t.cells());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static MergedTiles.Emitted decodeTile(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            long version = in.readLong();
            return new MergedTiles.Emitted(version, in.readNBytes(in.readInt()));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated tile state", e);
        }
    }

    private static void poses(DataOutputStream out, List<Pose2> poses) throws IOException {
        out.writeInt(poses.size());
        for (Pose2 p : poses) {
            out.writeBoolean(p != null);
            if (p != null) {
                pose(out, p);
            }
        }
    }

    private static List<Pose2> poses(DataInputStream in) throws IOException {
        List<Pose2> out = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            out.add(in.readBoolean() ? pose(in) : null);
        }
        return out;
    }

    private static void pose(DataOutputStream out, Pose2 p) throws IOException {
        out.writeDouble(p.x());
        out.writeDouble(p.y());
        out.writeDouble(p.theta());
    }

    private static Pose2 pose(DataInputStream in) throws IOException {
        return new Pose2(in.readDouble(), in.readDouble(), in.readDouble());
    }
}
