package io.edgeflow.slam.collab;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LaserLogFixture;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.TimedPose;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two robots on a short real segment with a known overlap: robot a drives ACES' first 800 scans
 * (even ones), robot b starts 200 scans later, from wherever a was then, and drives the odd ones up
 * to scan 800 — the same corridor seen through different scans, from unknown relative start poses.
 * Nothing is told to the search about where b started.
 */
class CollaborativeLogRunTest {
    private static final List<CarmenLaser> SCANS = LaserLogFixture.firstScans("aces.clf.bz2", 800);

    @Test
    void findsTheOverlapAndAlignsTheSecondRobotWithTheFirst() {
        List<CarmenLaser> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < SCANS.size(); i++) {
            if (i % 2 == 0) {
                a.add(SCANS.get(i));
            } else if (i >= 200) {
                b.add(SCANS.get(i));
            }
        }
        var segments =
                List.of(
                        new CollaborativeLogRun.Segment('a', a, a.get(0).timestamp()),
                        new CollaborativeLogRun.Segment('b', b, b.get(0).timestamp()));
        CollaborativeLogRun.Result r =
                CollaborativeLogRun.run(
                        segments,
                        true,
                        LocalSlamConfig.defaults(),
                        // 800 scans map a few corridors: far less overlap than a whole log's
                        CrossRobotSearch.defaults().withMinMapOverlap(300));

        assertThat(r.unjoined()).isEmpty();
        assertThat(r.accepted()).hasSizeGreaterThanOrEqualTo(2);
        // joined while the data streamed, not only at the end
        assertThat(r.joinRobotSeconds().get('b')).isFinite();
        // b's scans in the group frame lie on a's path: where b was at a time, a was a moment
        // before or after (20 Hz scans shared out alternately)
        List<TimedPose> pa = r.robotScanPoses().get('a'), pb = r.robotScanPoses().get('b');
        double worst = 0;
        for (TimedPose p : pb) {
            Pose2 q = CollaborativeEvaluation.at(pa, p.time());
            worst = Math.max(worst, Math.hypot(p.pose().x() - q.x(), p.pose().y() - q.y()));
        }
        assertThat(worst).isLessThan(0.3);
    }
}
