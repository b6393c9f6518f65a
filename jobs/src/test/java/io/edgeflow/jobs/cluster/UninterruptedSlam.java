package io.edgeflow.jobs.cluster;

import io.edgeflow.agent.replay.FrameEncoder;
import io.edgeflow.agent.replay.RobotLog;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.operator.LocalSlamOperator;
import io.edgeflow.slam.render.PosedScansMap;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the SLAM job computes for one robot when nothing interrupts it: the LocalSlam engine run
 * standalone, in one piece, on exactly the scans the job decodes from the replayed frames (same
 * encoder, same sequence numbers), taking them the way LocalSlamOperator does — a scan stamped
 * before its predecessor is taken at the predecessor's time, a scan the engine rejects yields no
 * pose. The reference a failed-over, restored and rescaled job must reproduce.
 */
record UninterruptedSlam(String robot, Map<Long, SlamScan> scans, Map<Long, Pose2> poses) {

    static UninterruptedSlam of(RobotLog log) {
        FrameCodec codec = new FrameCodec();
        FrameEncoder encoder = new FrameEncoder(codec, log.robotName());
        LocalSlam engine = new LocalSlam(LocalSlamConfig.defaults());
        Map<Long, SlamScan> scans = new LinkedHashMap<>();
        Map<Long, Pose2> poses = new LinkedHashMap<>();
        Long lastMicros = null;
        for (var record : log.records()) {
            if (!(((Frame) codec.decode(encoder.encode(record))).message()
                    instanceof LaserScan scan)) {
                continue;
            }
            SlamScan input = LocalSlamOperator.toSlamScan(scan);
            scans.put(scan.seq(), input);
            if (lastMicros != null && scan.timestampMicros() < lastMicros) {
                input =
                        new SlamScan(
                                lastMicros / 1e6,
                                input.angleMin(),
                                input.angleIncrement(),
                                input.sensorMaxRange(),
                                input.ranges(),
                                input.sensorOffset(),
                                input.odometry());
            } else {
                lastMicros = scan.timestampMicros();
            }
            try {
                poses.put(scan.seq(), engine.addScan(input).globalPose());
            } catch (IllegalArgumentException rejected) {
                // the operator counts and skips such a scan: no pose
            }
        }
        return new UninterruptedSlam(log.robotName(), scans, poses);
    }

    /** The occupancy map of the robot's scans inserted at the given poses (seq → pose). */
    BufferedImage map(Map<Long, Pose2> posesBySeq) {
        List<PosedScansMap.PosedScan> posed = new ArrayList<>();
        scans.forEach(
                (seq, scan) -> {
                    Pose2 pose = posesBySeq.get(seq);
                    if (pose != null) {
                        posed.add(new PosedScansMap.PosedScan(scan, pose));
                    }
                });
        return PosedScansMap.render(posed, LocalSlamConfig.defaults());
    }

    /** Pixels (map cells; the trajectory is drawn over them) that differ between two maps. */
    static long differingCells(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return (long) Math.max(a.getWidth(), b.getWidth())
                    * Math.max(a.getHeight(), b.getHeight());
        }
        long differ = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    differ++;
                }
            }
        }
        return differ;
    }
}
