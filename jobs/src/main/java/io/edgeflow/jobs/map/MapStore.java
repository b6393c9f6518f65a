package io.edgeflow.jobs.map;

import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.PoseEstimate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the live map shows: the newest version of every tile of one map group and every robot's
 * trajectory, with a revision number that grows with each change so viewers fetch only what changed
 * since the revision they hold. Tiles apply only if newer than the held version (replays and
 * re-deliveries change nothing); a pose for a scan already held replaces it (the global mapper
 * re-emits corrected poses), which makes viewers reload that robot's whole trajectory. Thread-safe.
 */
public final class MapStore {

    /** What changed after a revision: tiles to (re)draw and trajectories to extend or replace. */
    public record Update(
            long revision, List<MapTile> tiles, List<TrajectoryUpdate> trajectories, Stats stats) {}

    /**
     * Poses of one robot in scan order: all of them if {@code full} (a correction or an
     * out-of-order pose changed what the viewer holds), else only the ones to append.
     */
    public record TrajectoryUpdate(int nodeId, boolean full, List<PoseEstimate> poses) {}

    /**
     * Counts for the page's status line: tiles ignored because an equal or newer version was held,
     * tiles of other groups, records that were not valid frames.
     */
    public record Stats(
            int tiles,
            int robots,
            long poses,
            long staleTiles,
            long otherGroups,
            long badRecords) {}

    private record HeldTile(MapTile tile, long revision) {}

    private record HeldPose(PoseEstimate pose, long revision) {}

    private static final class Track {
        final List<HeldPose> poses = new ArrayList<>();
        long revision;
        long rewrittenAt; // revision of the last change that was not an append
    }

    private final String group;
    private final Map<String, HeldTile> tiles = new HashMap<>();
    private final Map<Integer, Track> tracks = new TreeMap<>();
    private long revision;
    private long poses;
    private long staleTiles;
    private long otherGroups;
    private long badRecords;

    /**
     * @param group the map group to show, or null for tiles of every group
     */
    public MapStore(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    /** Applies the tile if it belongs to the group and is newer than the held one. */
    public synchronized boolean apply(MapTile tile) {
        if (group != null && !group.equals(tile.group())) {
            otherGroups++;
            return false;
        }
        HeldTile held = tiles.get(tile.key());
        if (held != null && held.tile().seq() >= tile.seq()) {
            staleTiles++;
            return false;
        }
        tiles.put(tile.key(), new HeldTile(tile, ++revision));
        notifyAll();
        return true;
    }

    /** Adds or corrects the robot's pose for the scan {@code pose.seq()}. */
    public synchronized boolean addPose(int nodeId, PoseEstimate pose) {
        Track t = tracks.computeIfAbsent(nodeId, k -> new Track());
        List<HeldPose> list = t.poses;
        int at = indexOf(list, pose.seq());
        if (at >= 0) {
            if (list.get(at).pose().equals(pose)) {
                return false; // a re-delivery
            }
            list.set(at, new HeldPose(pose, ++revision));
            t.rewrittenAt = revision;
        } else {
            int insert = -at - 1;
            list.add(insert, new HeldPose(pose, ++revision));
            if (insert < list.size() - 1) {
                t.rewrittenAt = revision;
            }
            poses++;
        }
        t.revision = revision;
        notifyAll();
        return true;
    }

    /** Counts a record that was not a valid tile or pose frame. */
    public synchronized void rejected() {
        badRecords++;
        revision++;
        notifyAll();
    }

    public synchronized long revision() {
        return revision;
    }

    /** Everything that changed after {@code since} (0: everything). */
    public synchronized Update since(long since) {
        List<MapTile> changedTiles = new ArrayList<>();
        for (HeldTile h : tiles.values()) {
            if (h.revision() > since) {
                changedTiles.add(h.tile());
            }
        }
        List<TrajectoryUpdate> changed = new ArrayList<>();
        for (Map.Entry<Integer, Track> e : tracks.entrySet()) {
            Track t = e.getValue();
            if (t.revision <= since) {
                continue;
            }
            boolean full = since == 0 || t.rewrittenAt > since;
            List<PoseEstimate> out = new ArrayList<>();
            int from = 0;
            if (!full) {
                from = t.poses.size();
                while (from > 0 && t.poses.get(from - 1).revision() > since) {
                    from--;
                }
            }
            for (HeldPose p : t.poses.subList(from, t.poses.size())) {
                out.add(p.pose());
            }
            changed.add(new TrajectoryUpdate(e.getKey(), full, out));
        }
        return new Update(revision, changedTiles, changed, stats());
    }

    public synchronized Stats stats() {
        return new Stats(tiles.size(), tracks.size(), poses, staleTiles, otherGroups, badRecords);
    }

    /** The held tile with this key, or null. */
    public synchronized MapTile tile(String key) {
        HeldTile h = tiles.get(key);
        return h == null ? null : h.tile();
    }

    /** Waits until the revision passes {@code seen} or the timeout ends; returns the revision. */
    public synchronized long awaitChange(long seen, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (revision <= seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return revision;
    }

    private static int indexOf(List<HeldPose> list, long seq) {
        int lo = 0;
        int hi = list.size() - 1;
        // most poses are appended: check the end first
        if (hi >= 0 && list.get(hi).pose().seq() < seq) {
            return -(hi + 2);
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = list.get(mid).pose().seq();
            if (s < seq) {
                lo = mid + 1;
            } else if (s > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }
}
