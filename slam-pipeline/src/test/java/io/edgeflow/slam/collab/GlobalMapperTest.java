package io.edgeflow.slam.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.carmen.CarmenLaser;
import io.edgeflow.slam.LaserLogFixture;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.SlamScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The global mapper on its own, fed the updates of two robots' local SLAM on a short real segment
 * with a known overlap (robot a drives ACES' first 800 scans, even ones; robot b the odd ones from
 * scan 200 on, from unknown relative start poses).
 */
class GlobalMapperTest {
    private static final LocalSlamConfig CONFIG = LocalSlamConfig.defaults();
    // 800 scans map a few corridors: far less overlap than a whole log's
    private static final CrossRobotSearch SEARCH =
            CrossRobotSearch.defaults().withMinMapOverlap(300);
    private static final int A = 'a', B = 'b';
    private static CollaborativeLogRun.Streamed run;

    @BeforeAll
    static void streamTwoRobots() {
        List<CarmenLaser> scans = LaserLogFixture.firstScans("aces.clf.bz2", 800);
        List<SlamScan> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < scans.size(); i++) {
            if (i % 2 == 0) {
                a.add(SlamScan.fromCarmen(scans.get(i), true));
            } else if (i >= 200) {
                b.add(SlamScan.fromCarmen(scans.get(i), true));
            }
        }
        run =
                CollaborativeLogRun.stream(
                        List.of(robot(A, a), robot(B, b)),
                        CONFIG,
                        SEARCH,
                        GlobalMapper.Settings.defaults("test"),
                        true);
    }

    private static CollaborativeLogRun.RobotScans robot(int id, List<SlamScan> scans) {
        long[] seqs = new long[scans.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = 1000L * id + i;
        }
        return new CollaborativeLogRun.RobotScans(id, scans, seqs);
    }

    @Test
    void joinsTheRobotsAndEmitsEveryJoinedNodesLatestCorrectedPose() {
        GlobalMapper m = run.mapper();
        assertThat(m.joinTimes()).containsKeys('a', 'b');
        assertThat(m.joinTimes().get('b')).isFinite();
        // the last pose sent for each node is its corrected pose within the resend threshold
        for (int robot : List.of(A, B)) {
            Map<Long, Pose2> latest = new HashMap<>();
            for (GlobalMapper.GlobalPose p : run.poses()) {
                if (p.robot() == robot) {
                    latest.put(p.frameSeq(), p.pose());
                }
            }
            List<Pose2> corrected = m.correctedNodePoses(robot);
            assertThat(latest).hasSize(corrected.size());
            double[] times = m.nodeTimes().get(m.letterOf(robot));
            List<GlobalMapper.GlobalPose> ofRobot =
                    run.poses().stream().filter(p -> p.robot() == robot).toList();
            Map<Double, Long> seqOfTime = new HashMap<>();
            ofRobot.forEach(p -> seqOfTime.put(p.time(), p.frameSeq()));
            for (int n = 0; n < corrected.size(); n++) {
                Pose2 sent = latest.get(seqOfTime.get(times[n]));
                assertThat(
                                Math.hypot(
                                        sent.x() - corrected.get(n).x(),
                                        sent.y() - corrected.get(n).y()))
                        .as("robot %c node %d", (char) robot, n)
                        .isLessThan(m.settings().poseMoveMetres());
            }
        }
    }

    @Test
    void tilesAreValidTheirVersionsGrowByOneAndOnlyChangedContentIsSentAgain() {
        assertThat(run.tiles()).isNotEmpty();
        Map<String, MapTile> last = new TreeMap<>();
        for (MapTile t : run.tiles()) {
            assertThat(t.invalidReason()).as(t.toString()).isNull();
            MapTile before = last.put(t.key(), t);
            assertThat(t.seq()).isEqualTo(before == null ? 0 : before.seq() + 1);
            if (before != null) {
                assertThat(t.cells()).isNotEqualTo(before.cells());
            }
        }
        // the merged map has walls and free space, and both robots' parts: more than a's alone
        long occupied = 0, free = 0;
        for (MapTile t : last.values()) {
            for (byte c : t.cells()) {
                occupied += c >= 65 ? 1 : 0;
                free += c >= 0 && c <= 35 ? 1 : 0;
            }
        }
        assertThat(occupied).isGreaterThan(1000);
        assertThat(free).isGreaterThan(occupied);
    }

    @Test
    void aMapperRestoredFromItsStateContinuesExactlyAsTheOneThatNeverStopped() {
        List<byte[]> updates = run.updates();
        GlobalMapper.Settings settings = GlobalMapper.Settings.defaults("test");
        GlobalMapper original = new GlobalMapper(settings, CONFIG, SEARCH);
        // stop halfway between the join and the end
        List<RobotUpdate> applied = new ArrayList<>();
        int cut = updates.size();
        for (int i = 0; i < cut; i++) {
            RobotUpdate decoded = RobotUpdateCodec.decode(updates.get(i));
            original.accept(decoded);
            applied.add(decoded);
            if (cut == updates.size() && original.joinTimes().containsKey('b')) {
                cut = i + 1 + (updates.size() - i - 1) / 2;
            }
        }
        assertThat(original.joinTimes()).containsKey('b');
        assertThat(cut).isLessThan(updates.size());
        Map<String, MergedTiles.Emitted> tiles = new TreeMap<>();
        original.tiles
                .emitted()
                .forEach(
                        (k, v) ->
                                tiles.put(
                                        k,
                                        GlobalMapperState.decodeTile(
                                                GlobalMapperState.encodeTile(v))));
        GlobalMapper restored =
                GlobalMapperState.restore(
                        settings,
                        CONFIG,
                        SEARCH,
                        GlobalMapperState.encodeWorkingSet(original),
                        applied,
                        tiles);
        for (byte[] u : updates.subList(cut, updates.size())) {
            GlobalMapper.Emitted want = original.accept(RobotUpdateCodec.decode(u));
            GlobalMapper.Emitted got = restored.accept(RobotUpdateCodec.decode(u));
            assertThat(got.poses()).isEqualTo(want.poses());
            assertThat(got.tiles()).isEqualTo(want.tiles());
        }
        assertThat(restored.finish()).isEqualTo(original.finish());
        assertThat(restored.candidates()).hasSameSizeAs(original.candidates());
        assertThat(restored.joinChecks()).isEqualTo(original.joinChecks());
    }

    @Test
    void anUpdateThatDoesNotContinueItsRobotsMapIsRejectedAndChangesNothing() {
        GlobalMapper m = new GlobalMapper(GlobalMapper.Settings.defaults("test"), CONFIG, SEARCH);
        RobotUpdate first = RobotUpdateCodec.decode(run.updates().get(0));
        m.accept(first);
        // the same node again: not the node that is due
        assertThatThrownBy(() -> m.accept(first))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node 0 where node 1 was due");
        assertThat(m.correctedNodePoses(first.robot())).hasSize(1);
        assertThatThrownBy(() -> RobotUpdateCodec.decode(new byte[] {1, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
