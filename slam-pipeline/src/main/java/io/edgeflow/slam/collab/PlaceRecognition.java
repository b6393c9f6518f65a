package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.TrajectoryNode;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.Submap;
import io.edgeflow.slam.mapping2d.VoxelFilter;
import io.edgeflow.slam.scanmatching.BranchAndBoundScanMatcher;
import io.edgeflow.slam.scanmatching.GridScore;
import io.edgeflow.slam.scanmatching.NonlinearScanMatcher;
import io.edgeflow.slam.scanmatching.ScanMatchResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inter-robot place recognition over finished submaps. Every finished submap contributes places —
 * {@link PlaceDescriptor}s centred on some of its nodes, in the submap's own grid frame — and first
 * queries the places other robots contributed before: ring keys rank them, Scan Context distances
 * rank the nearest few, and only the best pairs (one per other robot's submap) are verified, by a
 * branch-and-bound search of the query node's scan in the other submap over a window around the
 * matched place at every heading, a score threshold, a refinement, and a sharpness check (the match
 * must not slide). Cost per finished submap is bounded by {@code verifiedPerSubmap} searches
 * however many submaps the fleet has.
 */
public final class PlaceRecognition {
    private static final int CACHED_MATCHERS = 16;
    private static final int BRANCH_AND_BOUND_DEPTH = 5;

    /** A place: node {@code node} of {@code robot}, at (x, y) in submap {@code submap}'s grid. */
    record Place(char robot, Submap submap, TrajectoryNode node, PlaceDescriptor descriptor) {}

    /**
     * A verified sighting: robot {@code queryRobot}'s node {@code queryNode} seen at {@code pose}
     * in the grid frame of robot {@code mapRobot}'s submap {@code mapSubmap}.
     */
    public record Sighting(
            char queryRobot,
            TrajectoryNode queryNode,
            char mapRobot,
            Submap mapSubmap,
            Pose2 pose,
            double score,
            double descriptorDistance) {}

    private final CrossRobotSearch settings;
    private final NonlinearScanMatcher refiner;
    private final List<Place> places = new ArrayList<>();
    private final Map<String, BranchAndBoundScanMatcher> matchers =
            new LinkedHashMap<>(CACHED_MATCHERS, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(
                        Map.Entry<String, BranchAndBoundScanMatcher> e) {
                    return size() > CACHED_MATCHERS;
                }
            };
    private long verifications;
    private long windowedSearches;

    public PlaceRecognition(CrossRobotSearch settings, double occupiedWeight) {
        this.settings = settings;
        this.refiner = new NonlinearScanMatcher(occupiedWeight, 0, 0, 20);
    }

    /** Global (descriptor-led) verifications run so far. */
    public long verifications() {
        return verifications;
    }

    /** Windowed searches run so far. */
    public long windowedSearches() {
        return windowedSearches;
    }

    public int placeCount() {
        return places.size();
    }

    /**
     * Takes a newly finished submap of {@code robot} and the nodes inserted into it: first queries
     * the places of the robots in {@code searchable} (other robots this one is not grouped with
     * yet), then adds the submap's own places.
     *
     * @return the verified sightings of this submap's nodes in other robots' submaps
     */
    public List<Sighting> addSubmap(
            char robot, Submap submap, List<TrajectoryNode> members, Set<Character> searchable) {
        List<Place> own = describe(robot, submap, members);
        List<Sighting> found = searchable.isEmpty() ? List.of() : query(own, searchable);
        places.addAll(own);
        return found;
    }

    /**
     * Adds a finished submap's places without querying: for a recognizer rebuilt from state, in the
     * order the submaps were first added.
     */
    public void addPlaces(char robot, Submap submap, List<TrajectoryNode> members) {
        places.addAll(describe(robot, submap, members));
    }

    /** Sets the search counters of a recognizer rebuilt from state. */
    public void restoreCounters(long verifications, long windowedSearches) {
        this.verifications = verifications;
        this.windowedSearches = windowedSearches;
    }

    List<Place> describe(char robot, Submap submap, List<TrajectoryNode> members) {
        List<Place> out = new ArrayList<>();
        for (int i = settings.placeStride() / 2; i < members.size(); i += settings.placeStride()) {
            TrajectoryNode n = members.get(i);
            PlaceDescriptor d =
                    PlaceDescriptor.of(
                            submap.grid(),
                            n.localPose().x(),
                            n.localPose().y(),
                            settings.rings(),
                            settings.sectors(),
                            settings.descriptorRadius());
            if (d.fill() >= settings.minFill()) {
                out.add(new Place(robot, submap, n, d));
            }
        }
        return out;
    }

    private record Pair(Place query, Place match, double distance) {}

    private List<Sighting> query(List<Place> queries, Set<Character> searchable) {
        List<Pair> pairs = new ArrayList<>();
        for (Place q : queries) {
            List<Place> others = new ArrayList<>();
            for (Place p : places) {
                if (p.robot() != q.robot() && searchable.contains(p.robot())) {
                    others.add(p);
                }
            }
            others.sort(
                    Comparator.comparingDouble(
                            p -> q.descriptor().ringKeyDistance(p.descriptor())));
            for (Place p :
                    others.subList(0, Math.min(others.size(), settings.ringKeyCandidates()))) {
                double d = q.descriptor().distance(p.descriptor()).distance();
                if (d <= settings.maxDescriptorDistance()) {
                    pairs.add(new Pair(q, p, d));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::distance));
        List<Sighting> found = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        for (Pair pair : pairs) {
            if (tried.size() >= settings.verifiedPerSubmap()) {
                break;
            }
            if (!tried.add(key(pair.match().robot(), pair.match().submap()))) {
                continue;
            }
            Sighting s = verify(pair);
            if (s != null) {
                found.add(s);
            }
        }
        return found;
    }

    /**
     * Windowed search for robot {@code robot}'s node in robot {@code mapRobot}'s finished submap,
     * around where the group's alignment puts it ({@code estimate}, in the submap's grid frame).
     */
    public Sighting windowed(
            char robot, TrajectoryNode node, char mapRobot, Submap submap, Pose2 estimate) {
        windowedSearches++;
        ScanMatchResult coarse =
                matcher(mapRobot, submap)
                        .match(
                                estimate,
                                node.points(),
                                settings.windowedLinearWindow(),
                                settings.windowedAngularWindow(),
                                settings.windowedMinScore());
        if (coarse == null) {
            return null;
        }
        ScanMatchResult fine =
                refiner.match(submap.grid(), coarse.pose(), coarse.pose(), node.points());
        if (fine.score() < settings.windowedMinScore()) {
            return null;
        }
        return new Sighting(robot, node, mapRobot, submap, fine.pose(), fine.score(), Double.NaN);
    }

    private BranchAndBoundScanMatcher matcher(char robot, Submap submap) {
        return matchers.computeIfAbsent(
                key(robot, submap),
                k -> new BranchAndBoundScanMatcher(submap.grid(), BRANCH_AND_BOUND_DEPTH));
    }

    private Sighting verify(Pair pair) {
        verifications++;
        Place q = pair.query(), m = pair.match();
        Submap target = m.submap();
        BranchAndBoundScanMatcher matcher = matcher(m.robot(), target);
        Pose2 centre = new Pose2(m.node().localPose().x(), m.node().localPose().y(), 0);
        PointSet queryWalls = walls(q);
        ScanMatchResult coarse =
                matcher.match(
                        centre,
                        queryWalls,
                        settings.verifyLinearWindow(),
                        Math.PI,
                        settings.minScore());
        if (coarse == null) {
            return null;
        }
        ScanMatchResult fine =
                refiner.match(target.grid(), coarse.pose(), coarse.pose(), queryWalls);
        if (fine.score() < settings.minScore()
                || sharpness(target.grid(), fine.pose(), queryWalls, fine.score())
                        < settings.minSharpness()) {
            return null;
        }
        return new Sighting(
                q.robot(), q.node(), m.robot(), target, fine.pose(), fine.score(), pair.distance());
    }

    /**
     * The walls (occupied cells) of a place's submap within the descriptor radius of its node, in
     * the node's frame, thinned to a voxel grid: a submap's walls are seen from every direction the
     * robot looked while building it, where one 180° scan sees only the half it faces.
     */
    private PointSet walls(Place p) {
        var g = p.submap().grid();
        Pose2 node = p.node().localPose();
        double res = g.resolution(), radius = settings.descriptorRadius();
        float[] prob = g.probabilityArray();
        List<float[]> cells = new ArrayList<>();
        int x0 = Math.max(g.cellX(node.x() - radius), g.minCellX());
        int x1 = Math.min(g.cellX(node.x() + radius), g.minCellX() + g.width() - 1);
        int y0 = Math.max(g.cellY(node.y() - radius), g.minCellY());
        int y1 = Math.min(g.cellY(node.y() + radius), g.minCellY() + g.height() - 1);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (prob[(y - g.minCellY()) * g.width() + x - g.minCellX()]
                        < PlaceDescriptor.OCCUPIED) {
                    continue;
                }
                double dx = (x + 0.5) * res - node.x(), dy = (y + 0.5) * res - node.y();
                if (dx * dx + dy * dy < radius * radius) {
                    cells.add(new float[] {(float) dx, (float) dy});
                }
            }
        }
        float[] xs = new float[cells.size()], ys = new float[cells.size()];
        double c = Math.cos(node.theta()), s = Math.sin(node.theta());
        for (int i = 0; i < xs.length; i++) {
            float[] d = cells.get(i);
            xs[i] = (float) (c * d[0] + s * d[1]);
            ys[i] = (float) (-s * d[0] + c * d[1]);
        }
        return VoxelFilter.filter(new PointSet(xs, ys), settings.wallVoxel());
    }

    /**
     * How much the score drops when the match is moved half a metre in the worst of eight
     * directions, relative to the score: near 0 along a featureless corridor, where the match could
     * slide.
     */
    static double sharpness(
            io.edgeflow.slam.mapping2d.ProbabilityGrid grid,
            Pose2 pose,
            PointSet points,
            double score) {
        double worst = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 8; k++) {
            double a = k * Math.PI / 4;
            Pose2 shifted =
                    new Pose2(
                            pose.x() + SLIDE_M * Math.cos(a),
                            pose.y() + SLIDE_M * Math.sin(a),
                            pose.theta());
            worst = Math.min(worst, score - GridScore.score(grid, shifted, points));
        }
        return worst / score;
    }

    private static final double SLIDE_M = 0.5;

    private static String key(char robot, Submap s) {
        return robot + ":" + s.index();
    }
}
