package io.edgeflow.slam.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LaserLogFixture;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.LocalSlamState;
import io.edgeflow.slam.ScanPose;
import io.edgeflow.slam.ScanResult;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.loopclosure.Constraint;
import io.edgeflow.slam.loopclosure.SearchRequest;
import io.edgeflow.slam.loopclosure.SolveRequest;
import io.edgeflow.slam.mapping2d.GridTile;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import io.edgeflow.slam.mapping2d.SubmapState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlamStateCodecTest {

    @Test
    void theStateRoundTripsThroughItsPartsWithPendingSearchesAndSolve() {
        LocalSlam slam = new LocalSlam(LocalSlamConfig.defaults());
        for (CarmenLaser l : LaserLogFixture.firstScans("aces.clf.bz2", 120)) {
            slam.addScan(SlamScan.fromCarmen(l, true));
        }
        LocalSlamState s = slam.state();
        List<SearchRequest> pending =
                List.of(
                        new SearchRequest(
                                3,
                                new Pose2(1, 2, 0.5),
                                List.of(
                                        new SearchRequest.Target(0, new Pose2(0, 0, 0.1), false),
                                        new SearchRequest.Target(1, new Pose2(3, 1, -2), true))),
                        new SearchRequest(7, new Pose2(-1, 0, 3), List.of()));
        LocalSlamState withPending =
                new LocalSlamState(
                        s.lastTime(),
                        s.lastLocalPose(),
                        s.lastOdometry(),
                        s.lastNode(),
                        s.nextSubmapIndex(),
                        s.activeSubmaps(),
                        s.finishedSubmaps(),
                        s.nodes(),
                        s.nodeGlobalPoses(),
                        s.submapLocalPoses(),
                        s.submapGlobalPoses(),
                        s.constraints(),
                        s.scanPoses(),
                        s.nodesSinceOptimization(),
                        s.loopClosuresSinceOptimization(),
                        pending,
                        new SolveRequest(90, 4, 170));
        // Constraints and scan poses travel apart, appended in batches as checkpoints go by.
        int half = s.constraints().size() / 2;
        List<Constraint> constraints = new ArrayList<>();
        constraints.addAll(
                SlamStateCodec.decodeConstraints(
                        SlamStateCodec.encodeConstraints(s.constraints().subList(0, half))));
        constraints.addAll(
                SlamStateCodec.decodeConstraints(
                        SlamStateCodec.encodeConstraints(
                                s.constraints().subList(half, s.constraints().size()))));
        List<ScanPose> scanPoses =
                SlamStateCodec.decodeScanPoses(SlamStateCodec.encodeScanPoses(s.scanPoses()));
        LocalSlamState decoded =
                SlamStateCodec.decode(
                        SlamStateCodec.encodeWorkingSet(withPending),
                        s.finishedSubmaps(),
                        s.nodes(),
                        constraints,
                        scanPoses);
        assertThat(decoded.pendingSearches()).isEqualTo(pending);
        assertThat(decoded.pendingSolve()).isEqualTo(new SolveRequest(90, 4, 170));
        assertThat(decoded.constraints()).isEqualTo(s.constraints());
        assertThat(decoded.nodeGlobalPoses()).isEqualTo(s.nodeGlobalPoses());
        assertThat(decoded.scanPoses()).isEqualTo(s.scanPoses());
        assertThat(decoded.lastNode()).isEqualTo(s.lastNode());
        assertThat(decoded.activeSubmaps()).hasSize(s.activeSubmaps().size());
        for (int i = 0; i < s.activeSubmaps().size(); i++) {
            assertSameSubmap(decoded.activeSubmaps().get(i), s.activeSubmaps().get(i));
        }
        assertThatThrownBy(
                        () ->
                                SlamStateCodec.decode(
                                        SlamStateCodec.encodeWorkingSet(withPending),
                                        s.finishedSubmaps(),
                                        s.nodes(),
                                        constraints.subList(0, half),
                                        scanPoses))
                .hasMessageContaining("constraints");
    }

    @Test
    void aSubmapRoundTripsDeflatedAndComesOutMuchSmallerThanItsFloats() {
        LocalSlam slam = new LocalSlam(LocalSlamConfig.defaults());
        SubmapState finished = null;
        for (CarmenLaser l : LaserLogFixture.firstScans("aces.clf.bz2", 400)) {
            ScanResult r = slam.addScan(SlamScan.fromCarmen(l, true));
            if (finished == null) {
                finished = r.finishedSubmap();
            }
        }
        assertThat(finished).isNotNull();
        byte[] encoded = SlamStateCodec.encodeSubmap(finished);
        assertSameSubmap(SlamStateCodec.decodeSubmap(encoded), finished);
        int rawBytes = 4 * ProbabilityGrid.TILE_SIZE * ProbabilityGrid.TILE_SIZE;
        assertThat(encoded.length).isLessThan(rawBytes * finished.tiles().size() / 4);
    }

    private static void assertSameSubmap(SubmapState actual, SubmapState expected) {
        assertThat(actual.index()).isEqualTo(expected.index());
        assertThat(actual.localPose()).isEqualTo(expected.localPose());
        assertThat(actual.numRangeData()).isEqualTo(expected.numRangeData());
        assertThat(actual.finished()).isEqualTo(expected.finished());
        assertThat(actual.resolution()).isEqualTo(expected.resolution());
        assertThat(actual.tiles()).hasSize(expected.tiles().size());
        for (int t = 0; t < expected.tiles().size(); t++) {
            GridTile a = actual.tiles().get(t);
            GridTile e = expected.tiles().get(t);
            assertThat(a.tileX()).isEqualTo(e.tileX());
            assertThat(a.tileY()).isEqualTo(e.tileY());
            assertThat(a.logOdds()).isEqualTo(e.logOdds());
        }
    }
}
