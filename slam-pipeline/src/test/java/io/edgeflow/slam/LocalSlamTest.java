package io.edgeflow.slam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.loopclosure.LoopClosureConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The engine on the first 400 scans of ACES (about 70 s, 5 m of driving after a standstill). */
class LocalSlamTest {
    private static final List<CarmenLaser> SCANS = LaserLogFixture.firstScans("aces.clf.bz2", 400);

    @Test
    void tracksTheRobotCloseToOdometryOverAShortSegment() {
        LocalSlam slam = new LocalSlam(LocalSlamConfig.defaults());
        List<ScanResult> results = new ArrayList<>();
        for (CarmenLaser l : SCANS) {
            results.add(slam.addScan(SlamScan.fromCarmen(l, true)));
        }
        assertThat(results).hasSize(400);
        assertThat(slam.nodes().size()).isBetween(50, 400);
        assertThat(slam.submaps().size()).isGreaterThanOrEqualTo(3);
        assertThat(results.stream().filter(r -> r.finishedSubmap() != null).count()).isPositive();
        // Over a short stretch odometry is good: the SLAM trajectory's relative motion between
        // the first and last scan agrees with it to within a few percent of the distance.
        Pose2 odometryMotion = SCANS.get(0).robotPose().between(SCANS.get(399).robotPose());
        Pose2 slamMotion = results.get(0).globalPose().between(results.get(399).globalPose());
        double distance = Math.hypot(odometryMotion.x(), odometryMotion.y());
        assertThat(distance).isGreaterThan(4);
        double error =
                Math.hypot(
                        odometryMotion.x() - slamMotion.x(), odometryMotion.y() - slamMotion.y());
        assertThat(error).isLessThan(0.1 * distance);
        // Every scan matched its submap well above the 0.1 of unknown space.
        assertThat(results.subList(50, 400))
                .allSatisfy(r -> assertThat(r.matchScore()).isGreaterThan(0.3));
    }

    @Test
    void restoringFromStateContinuesWithIdenticalPoses() {
        LocalSlamConfig config = LocalSlamConfig.defaults();
        LocalSlam straight = new LocalSlam(config);
        LocalSlam first = new LocalSlam(config);
        List<Pose2> expected = new ArrayList<>();
        List<Pose2> actual = new ArrayList<>();
        // Cut a little after the first submap was finished, so the state holds every kind of part.
        int cut = -1;
        for (int i = 0; cut < 0 || i < cut; i++) {
            ScanResult r = straight.addScan(SlamScan.fromCarmen(SCANS.get(i), true));
            expected.add(r.globalPose());
            actual.add(first.addScan(SlamScan.fromCarmen(SCANS.get(i), true)).globalPose());
            if (cut < 0 && r.finishedSubmap() != null) {
                cut = i + 20;
            }
        }
        LocalSlamState state = first.state();
        assertThat(state.finishedSubmaps()).isNotEmpty();
        assertThat(state.activeSubmaps()).hasSize(2);
        LocalSlam restored = LocalSlam.fromState(config, state);
        for (int i = cut; i < SCANS.size(); i++) {
            expected.add(straight.addScan(SlamScan.fromCarmen(SCANS.get(i), true)).globalPose());
            actual.add(restored.addScan(SlamScan.fromCarmen(SCANS.get(i), true)).globalPose());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(restored.scanGlobalPoses()).isEqualTo(straight.scanGlobalPoses());
        // The rebuilt pose graph solves like the one that never stopped.
        straight.optimize();
        restored.optimize();
        assertThat(restored.nodeGlobalPoses()).isEqualTo(straight.nodeGlobalPoses());
    }

    /**
     * Defaults, but searching every finished submap (also the ones local SLAM just left), so the
     * short segment yields closures, solving every 35 nodes so it sees several solves, and taking
     * closures and solutions 5 nodes after their node.
     */
    static LocalSlamConfig searchingRecentSubmaps() {
        LocalSlamConfig d = LocalSlamConfig.defaults();
        var lc = d.loopClosure();
        return d.withLoopClosure(
                new LoopClosureConfig(
                        true,
                        lc.samplingRatio(),
                        lc.maxDistance(),
                        lc.linearWindow(),
                        lc.angularWindow(),
                        lc.minScore(),
                        lc.globalEveryNodes(),
                        lc.globalMinScore(),
                        lc.branchAndBoundDepth(),
                        35,
                        lc.translationWeight(),
                        lc.rotationWeight(),
                        0,
                        lc.maxSearchesPerNode(),
                        5));
    }

    @Test
    void searchingOnAnotherThreadGivesTheSamePosesAsOnTheCallingThread() throws Exception {
        LocalSlamConfig config = searchingRecentSubmaps();
        ExecutorService searches = Executors.newSingleThreadExecutor();
        try {
            LocalSlam inline = new LocalSlam(config);
            LocalSlam background = new LocalSlam(config, searches);
            int closuresSeen = 0;
            for (CarmenLaser l : SCANS) {
                ScanResult a = inline.addScan(SlamScan.fromCarmen(l, true));
                ScanResult b = background.addScan(SlamScan.fromCarmen(l, true));
                assertThat(b.globalPose()).isEqualTo(a.globalPose());
                assertThat(b.loopClosures()).isEqualTo(a.loopClosures());
                closuresSeen += a.loopClosures().size();
            }
            inline.finish();
            background.finish();
            assertThat(closuresSeen).isPositive();
            assertThat(background.constraints()).isEqualTo(inline.constraints());
            assertThat(background.scanGlobalPoses()).isEqualTo(inline.scanGlobalPoses());
        } finally {
            searches.shutdownNow();
        }
    }

    @Test
    void searchesAndASolveInFlightAtASnapshotRunAgainAfterRestore() throws Exception {
        LocalSlamConfig config = searchingRecentSubmaps();
        ExecutorService searches = Executors.newSingleThreadExecutor();
        try {
            LocalSlam straight = new LocalSlam(config);
            LocalSlam first = new LocalSlam(config, searches);
            LocalSlamState state = null;
            int i = 0;
            // Cut where searches and a pose-graph solve are pending and some closures have
            // entered the graph already.
            while (state == null) {
                SlamScan scan = SlamScan.fromCarmen(SCANS.get(i++), true);
                straight.addScan(scan);
                first.addScan(scan);
                LocalSlamState s = first.state();
                if (!s.pendingSearches().isEmpty()
                        && s.pendingSolve() != null
                        && first.loopClosureCount() > 0) {
                    state = s;
                }
            }
            LocalSlam restored = LocalSlam.fromState(config, state, searches);
            for (; i < SCANS.size(); i++) {
                SlamScan scan = SlamScan.fromCarmen(SCANS.get(i), true);
                assertThat(restored.addScan(scan).globalPose())
                        .isEqualTo(straight.addScan(scan).globalPose());
            }
            straight.finish();
            restored.finish();
            assertThat(restored.constraints()).isEqualTo(straight.constraints());
            assertThat(restored.nodeGlobalPoses()).isEqualTo(straight.nodeGlobalPoses());
        } finally {
            searches.shutdownNow();
        }
    }

    @Test
    void aScanWithoutUsableBeamsIsRejectedWithItsReasonAndChangesNothing() {
        LocalSlamConfig config = LocalSlamConfig.defaults();
        LocalSlam clean = new LocalSlam(config);
        LocalSlam disturbed = new LocalSlam(config);
        List<Pose2> expected = new ArrayList<>();
        List<Pose2> actual = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            SlamScan scan = SlamScan.fromCarmen(SCANS.get(i), true);
            if (i == 100) {
                // NaN, negative and too-short readings: the log reader turns them into 0.
                float[] unusable = new float[scan.ranges().length];
                java.util.Arrays.fill(unusable, 0.05f);
                unusable[0] = 0f;
                SlamScan bad =
                        new SlamScan(
                                scan.time() - 0.01,
                                scan.angleMin(),
                                scan.angleIncrement(),
                                scan.sensorMaxRange(),
                                unusable,
                                scan.sensorOffset(),
                                scan.odometry());
                assertThatThrownBy(() -> disturbed.addScan(bad))
                        .isInstanceOfSatisfying(
                                RejectedScanException.class,
                                e -> assertThat(e.reason()).isEqualTo("no_valid_beams"));
            }
            expected.add(clean.addScan(scan).globalPose());
            actual.add(disturbed.addScan(scan).globalPose());
        }
        assertThat(actual).isEqualTo(expected);
        SlamScan older = SlamScan.fromCarmen(SCANS.get(10), true);
        assertThatThrownBy(() -> disturbed.addScan(older))
                .isInstanceOfSatisfying(
                        RejectedScanException.class,
                        e -> assertThat(e.reason()).isEqualTo("scan_out_of_order"));
    }
}
