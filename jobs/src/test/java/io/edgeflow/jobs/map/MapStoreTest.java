package io.edgeflow.jobs.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.Pose2;
import io.edgeflow.protocol.PoseEstimate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapStoreTest {
    static MapTile tile(String group, int x, int y, long version, int value) {
        byte[] cells = new byte[16];
        Arrays.fill(cells, (byte) value);
        return new MapTile(version, 0, group, x, y, 0.05f, 4, cells);
    }

    static PoseEstimate pose(long seq, double x) {
        return new PoseEstimate(
                seq, seq * 100_000, PoseEstimate.Source.GLOBAL_MAP, new Pose2(x, 0, 0), 0);
    }

    @Test
    void onlyNewerVersionsOfATileApply() {
        MapStore store = new MapStore("site-a");
        assertTrue(store.apply(tile("site-a", 0, 0, 3, 0)));
        assertFalse(store.apply(tile("site-a", 0, 0, 3, 100)), "a re-delivery");
        assertFalse(store.apply(tile("site-a", 0, 0, 2, 100)), "an older version");
        assertEquals(0, store.tile("site-a/0/0").cell(1, 1));
        assertTrue(store.apply(tile("site-a", 0, 0, 4, 100)));
        assertEquals(100, store.tile("site-a/0/0").cell(1, 1));
        assertFalse(store.apply(tile("site-b", 0, 0, 9, 100)), "another group");
        MapStore.Stats s = store.stats();
        assertEquals(1, s.tiles());
        assertEquals(2, s.staleTiles());
        assertEquals(1, s.otherGroups());
    }

    @Test
    void withoutAGroupEveryGroupsTilesAreKeptApart() {
        MapStore store = new MapStore(null);
        store.apply(tile("site-a", 0, 0, 1, 0));
        store.apply(tile("site-b", 0, 0, 1, 100));
        assertEquals(2, store.stats().tiles());
        assertEquals(100, store.tile("site-b/0/0").cell(0, 0));
    }

    @Test
    void viewersGetOnlyWhatChangedSinceTheirRevision() {
        MapStore store = new MapStore(null);
        store.apply(tile("g", 0, 0, 1, 0));
        store.addPose(7, pose(0, 0));
        store.addPose(7, pose(2, 0.2));
        long seen = store.revision();
        store.apply(tile("g", 1, 0, 1, 0));
        store.addPose(7, pose(4, 0.4));
        store.addPose(9, pose(0, 5));

        MapStore.Update all = store.since(0);
        assertEquals(2, all.tiles().size());
        assertEquals(
                List.of(true, true),
                all.trajectories().stream().map(MapStore.TrajectoryUpdate::full).toList());
        assertEquals(3, all.trajectories().get(0).poses().size());

        MapStore.Update delta = store.since(seen);
        assertEquals(List.of("g/1/0"), delta.tiles().stream().map(MapTile::key).toList());
        MapStore.TrajectoryUpdate seven = delta.trajectories().get(0);
        assertEquals(7, seven.nodeId());
        assertFalse(seven.full(), "an append");
        assertEquals(List.of(4L), seven.poses().stream().map(PoseEstimate::seq).toList());
        assertEquals(9, delta.trajectories().get(1).nodeId());
        assertEquals(store.revision(), delta.revision());
        assertTrue(store.since(store.revision()).tiles().isEmpty());
        assertTrue(store.since(store.revision()).trajectories().isEmpty());
    }

    @Test
    void aCorrectedOrLatePoseMakesViewersReloadThatTrajectory() {
        MapStore store = new MapStore(null);
        store.addPose(7, pose(0, 0));
        store.addPose(7, pose(2, 0.2));
        long seen = store.revision();
        assertFalse(store.addPose(7, pose(2, 0.2)), "a re-delivery changes nothing");
        assertEquals(seen, store.revision());
        store.addPose(7, pose(2, 0.25)); // the global mapper corrected scan 2
        MapStore.TrajectoryUpdate u = store.since(seen).trajectories().get(0);
        assertTrue(u.full());
        assertEquals(List.of(0.0, 0.25), u.poses().stream().map(p -> p.pose().x()).toList());

        seen = store.revision();
        store.addPose(7, pose(1, 0.1)); // late: between held poses
        u = store.since(seen).trajectories().get(0);
        assertTrue(u.full());
        assertEquals(List.of(0L, 1L, 2L), u.poses().stream().map(PoseEstimate::seq).toList());
        assertEquals(3, store.stats().poses());
    }

    @Test
    void awaitChangeReturnsWhenSomethingArrives() throws Exception {
        MapStore store = new MapStore(null);
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                            store.apply(tile("g", 0, 0, 1, 0));
                        });
        writer.start();
        assertEquals(1, store.awaitChange(0, 30_000));
        writer.join();
        assertEquals(1, store.awaitChange(1, 10), "nothing new: returns at the timeout");
    }
}
