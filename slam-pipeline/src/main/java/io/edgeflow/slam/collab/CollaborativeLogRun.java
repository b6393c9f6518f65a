package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Compression;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.PoseEstimate;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.RejectedScanException;
import io.edgeflow.slam.ScanResult;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.TimedPose;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fleet's map group run standalone, in one process: every robot maps alone from its own origin
 * with {@link LocalSlam} (so their relative start poses are unknown), its {@link RobotUpdate}s go
 * through their wire codec to one {@link GlobalMapper}, all robots fed together in robot time
 * (seconds since each one's first scan) as if they drove at once. The same engines and the same
 * order as the Flink job (updates ordered by robot time in milliseconds, then robot id), so the two
 * can be compared; {@link #run} splits one CARMEN log into such robots.
 */
public final class CollaborativeLogRun {

    /** A robot's share of the log: its scans and when its segment began. */
    public record Segment(char robot, List<CarmenLaser> lasers, double startTime) {
        public double endTime() {
            return lasers.get(lasers.size() - 1).timestamp();
        }
    }

    /**
     * One robot's input: its scans in time order and the sequence numbers of their frames.
     *
     * @param robot its node id
     */
    public record RobotScans(int robot, List<SlamScan> scans, long[] frameSeqs) {}

    /**
     * Bytes at each stage of the pipeline, summed over robots.
     *
     * @param updates {@link RobotUpdate}s as encoded by {@link RobotUpdateCodec}
     * @param poses corrected poses as POSE_ESTIMATE frames
     * @param tiles merged map tiles as MAP_TILE frames, DEFLATE-compressed
     * @param robotSeconds the robots' summed data durations
     */
    public record Traffic(long updates, long poses, long tiles, double robotSeconds) {
        public double perRobotSecond(long bytes) {
            return bytes / robotSeconds;
        }
    }

    /**
     * What a stream of robots produced: the engines at the end, the encoded updates in the order
     * the mapper took them, and everything it emitted.
     */
    public record Streamed(
            GlobalMapper mapper,
            Map<Integer, LocalSlam> slams,
            List<byte[]> updates,
            List<GlobalMapper.GlobalPose> poses,
            List<MapTile> tiles,
            Traffic traffic) {}

    /**
     * @param groups the final map groups (the first holds robot a), each solved
     * @param candidates every inter-robot closure that was verified by scan matching
     * @param joinRobotSeconds per robot, robot time when it first shared a group with another
     * @param mergedScanPoses every joined robot's scans in the first group's frame, by time
     * @param robotScanPoses per robot, its scans in the group frame (or its own, if unjoined)
     */
    public record Result(
            List<Segment> segments,
            List<MapGroupMerge.Result> groups,
            List<InterRobotClosure> candidates,
            int globalVerifications,
            int windowedSearches,
            int merges,
            Map<Character, Double> joinRobotSeconds,
            Map<Character, List<TimedPose>> robotScanPoses,
            List<TimedPose> mergedScanPoses,
            Map<Character, double[]> nodeTimes,
            List<GlobalMapper.JoinCheck> joinChecks,
            Traffic traffic) {

        /** Log time of the node a pose key names. */
        public double timeOf(long key) {
            RobotPose p = RobotPose.ofKey(key);
            return nodeTimes.get(p.robot())[(int) p.index()];
        }

        public List<InterRobotClosure> accepted() {
            List<InterRobotClosure> out = new ArrayList<>();
            for (MapGroupMerge.Result g : groups) {
                out.addAll(g.accepted());
            }
            return out;
        }

        public List<Character> unjoined() {
            List<Character> out = new ArrayList<>();
            for (Segment s : segments) {
                if (!groups.get(0).alignment().containsKey(s.robot())) {
                    out.add(s.robot());
                }
            }
            return out;
        }
    }

    private CollaborativeLogRun() {}

    /** Splits time-sorted scans into {@code robots} contiguous segments of equal scan count. */
    public static List<Segment> split(List<CarmenLaser> lasers, int robots) {
        List<CarmenLaser> sorted = new ArrayList<>(lasers);
        sorted.sort(Comparator.comparingDouble(CarmenLaser::timestamp));
        List<Segment> out = new ArrayList<>();
        for (int r = 0; r < robots; r++) {
            List<CarmenLaser> part =
                    sorted.subList(r * sorted.size() / robots, (r + 1) * sorted.size() / robots);
            out.add(new Segment(robotName(r), List.copyOf(part), part.get(0).timestamp()));
        }
        return out;
    }

    /** The log's segments as robots (ids 'a', 'b', …), streamed to the end of data. */
    public static Result run(
            List<Segment> segments,
            boolean odometry,
            LocalSlamConfig config,
            CrossRobotSearch search) {
        List<RobotScans> robots = new ArrayList<>();
        for (Segment s : segments) {
            List<SlamScan> scans = new ArrayList<>();
            long[] seqs = new long[s.lasers().size()];
            for (int i = 0; i < seqs.length; i++) {
                scans.add(SlamScan.fromCarmen(s.lasers().get(i), odometry));
                seqs[i] = i;
            }
            robots.add(new RobotScans(s.robot(), scans, seqs));
        }
        Streamed st = stream(robots, config, search, GlobalMapper.Settings.defaults("log"), true);
        GlobalMapper m = st.mapper();
        List<MapGroupMerge.Result> groups = m.groups();
        Map<Character, List<TimedPose>> perRobot = new TreeMap<>();
        List<TimedPose> merged = new ArrayList<>();
        for (Segment s : segments) {
            LocalSlam slam = st.slams().get((int) s.robot());
            slam.setGlobalPoses(m.correctedNodePoses(s.robot()), Map.of());
            perRobot.put(m.letterOf(s.robot()), slam.scanGlobalPoses());
            if (groups.get(0).alignment().containsKey(m.letterOf(s.robot()))) {
                merged.addAll(slam.scanGlobalPoses());
            }
        }
        merged.sort(Comparator.comparingDouble(TimedPose::time));
        return new Result(
                segments,
                groups,
                m.candidates(),
                (int) m.verifications(),
                (int) m.windowedSearches(),
                m.merges(),
                m.joinTimes(),
                perRobot,
                merged,
                m.nodeTimes(),
                m.joinChecks(),
                st.traffic());
    }

    private record Event(long robotMillis, int robot, int index) {}

    /**
     * Streams the robots' scans through their local SLAM and the group's global mapper, in robot
     * time (milliseconds since each robot's first scan), robot id breaking ties.
     *
     * @param finish whether the data ends here (last solves, a last screening)
     */
    public static Streamed stream(
            List<RobotScans> robots,
            LocalSlamConfig config,
            CrossRobotSearch search,
            GlobalMapper.Settings settings,
            boolean finish) {
        List<Event> events = new ArrayList<>();
        Map<Integer, LocalSlam> slams = new LinkedHashMap<>();
        Map<Integer, RobotUpdates> senders = new LinkedHashMap<>();
        Map<Integer, RobotScans> byId = new LinkedHashMap<>();
        double robotSeconds = 0;
        for (RobotScans r : robots) {
            byId.put(r.robot(), r);
            slams.put(r.robot(), new LocalSlam(config));
            senders.put(r.robot(), RobotUpdates.start(r.robot()));
            double start = r.scans().get(0).time();
            robotSeconds += r.scans().get(r.scans().size() - 1).time() - start;
            for (int i = 0; i < r.scans().size(); i++) {
                events.add(new Event(robotMillis(r.scans().get(i).time(), start), r.robot(), i));
            }
        }
        events.sort(
                Comparator.comparingLong(Event::robotMillis)
                        .thenComparingInt(Event::robot)
                        .thenComparingInt(Event::index));
        GlobalMapper mapper = new GlobalMapper(settings, config, search);
        Output out = new Output(settings.group());
        for (Event e : events) {
            RobotScans r = byId.get(e.robot());
            LocalSlam slam = slams.get(e.robot());
            ScanResult result;
            try {
                result = slam.addScan(r.scans().get(e.index()));
            } catch (RejectedScanException ex) {
                continue;
            }
            RobotUpdate u = senders.get(e.robot()).after(result, slam, r.frameSeqs()[e.index()]);
            if (u != null) {
                out.add(mapper.accept(out.send(u)));
            }
        }
        if (finish) {
            for (Map.Entry<Integer, LocalSlam> e : slams.entrySet()) {
                e.getValue().finish();
                RobotUpdate u = senders.get(e.getKey()).afterFinish(e.getValue());
                if (u != null) {
                    out.add(mapper.accept(out.send(u)));
                }
            }
            out.add(mapper.finish());
        }
        return new Streamed(
                mapper,
                slams,
                out.updates,
                out.poses,
                out.tiles,
                new Traffic(out.updateBytes, out.poseBytes, out.tileBytes, robotSeconds));
    }

    /** Robot time in whole milliseconds, as a Kafka record timestamp carries it. */
    public static long robotMillis(double time, double robotStart) {
        return (long) Math.floor((time - robotStart) * 1000 + 1e-6);
    }

    /** The wire on both sides of the mapper: updates through their codec, outputs counted. */
    private static final class Output {
        private final FrameCodec codec = new FrameCodec();
        private final int groupId;
        final List<GlobalMapper.GlobalPose> poses = new ArrayList<>();
        final List<MapTile> tiles = new ArrayList<>();
        final List<byte[]> updates = new ArrayList<>();
        long updateBytes, poseBytes, tileBytes;

        Output(String group) {
            this.groupId = NodeId.of(group);
        }

        RobotUpdate send(RobotUpdate u) {
            byte[] b = RobotUpdateCodec.encode(u);
            updateBytes += b.length;
            updates.add(b);
            return RobotUpdateCodec.decode(b);
        }

        void add(GlobalMapper.Emitted e) {
            for (GlobalMapper.GlobalPose p : e.poses()) {
                poses.add(p);
                poseBytes += codec.encode(p.robot(), estimate(p, 0)).length;
            }
            for (MapTile t : e.tiles()) {
                tiles.add(t);
                tileBytes += codec.encode(groupId, t, Compression.DEFLATE).length;
            }
        }
    }

    /** A corrected pose as the POSE_ESTIMATE the job sends to edgeflow.poses.global. */
    public static PoseEstimate estimate(GlobalMapper.GlobalPose p, long processedAtMicros) {
        return new PoseEstimate(
                p.frameSeq(),
                Math.round(p.time() * 1e6),
                PoseEstimate.Source.GLOBAL_MAP,
                p.pose(),
                processedAtMicros);
    }

    static char robotName(int r) {
        return (char) ('a' + r);
    }
}
