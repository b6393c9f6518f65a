package io.edgeflow.protocol;

import java.util.List;

/** The messages of the test vectors in docs/protocol.md. */
final class ProtocolExamples {
    private ProtocolExamples() {}

    static final String ROBOT = "robot-1";

    static Odometry odometry() {
        return new Odometry(7, 1_700_000_000_123_456L, new Pose2(1.5, -2.25, 0.5), 0.3, -0.1);
    }

    static LaserScan laserScan() {
        return new LaserScan(
                8,
                1_700_000_000_223_456L,
                (float) (-Math.PI / 2),
                (float) (Math.PI / 3),
                0.01f,
                30f,
                new Pose2(1.6, -2.25, 0.5),
                new Pose2(1.5, -2.25, 0.5),
                new float[] {1.25f, 2.5f, Float.POSITIVE_INFINITY, 0f});
    }

    static Heartbeat heartbeat() {
        return new Heartbeat(
                9,
                1_700_000_001_000_000L,
                ROBOT,
                0.25f,
                512L << 20,
                2048L << 20,
                0.8f,
                35.5f,
                List.of(new LinkStats("lte", true, 48.5f, 2.0e7, 0.01f)));
    }

    static PoseEstimate poseEstimate() {
        return new PoseEstimate(
                8,
                1_700_000_000_223_456L,
                PoseEstimate.Source.DEAD_RECKONING,
                new Pose2(0.1, 0.0, 0.0),
                1_700_000_000_300_000L);
    }

    /** robot-1's third write of mission/42, having seen two writes of robot-2. */
    static SyncUpdateMessage syncUpdate() {
        return new SyncUpdateMessage(
                10,
                1_700_000_002_000_000L,
                "mission/42",
                ROBOT,
                1_700_000_002_000L,
                1,
                List.of(
                        new SyncUpdateMessage.VersionEntry(ROBOT, 3),
                        new SyncUpdateMessage.VersionEntry("robot-2", 2)),
                "lww",
                "dock".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Version 3 of a 2×2 tile at (-1, 2) of group site-a: unknown, free, occupied, 50 %. */
    static MapTile mapTile() {
        return new MapTile(
                3, 1_700_000_004_000_000L, "site-a", -1, 2, 0.05f, 2, new byte[] {-1, 0, 100, 50});
    }
}
