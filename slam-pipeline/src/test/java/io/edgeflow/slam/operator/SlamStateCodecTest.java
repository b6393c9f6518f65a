package io.edgeflow.slam.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LaserLogFixture;
import io.edgeflow.slam.LocalSlam;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.LocalSlamState;
import io.edgeflow.slam.SlamScan;
import io.edgeflow.slam.loopclosure.SearchRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlamStateCodecTest {

    @Test
    void theWorkingSetRoundTripsWithItsPendingSearches() {
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
                        pending);
        LocalSlamState decoded =
                SlamStateCodec.decode(
                        SlamStateCodec.encodeWorkingSet(withPending),
                        s.finishedSubmaps(),
                        s.nodes());
        assertThat(decoded.pendingSearches()).isEqualTo(pending);
        assertThat(decoded.constraints()).isEqualTo(s.constraints());
        assertThat(decoded.nodeGlobalPoses()).isEqualTo(s.nodeGlobalPoses());
        assertThat(decoded.scanPoses()).isEqualTo(s.scanPoses());
        assertThat(decoded.lastNode()).isEqualTo(s.lastNode());
    }
}
