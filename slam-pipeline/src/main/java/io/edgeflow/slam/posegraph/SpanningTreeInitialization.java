package io.edgeflow.slam.posegraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Odometry-style initial guess: a breadth-first spanning tree from the first pose, each newly
 * reached pose placed by composing the measurement of the edge that reached it (X_j = X_i·Z, or X_i
 * = X_j·Z⁻¹ for an edge walked backwards). In sequential graphs this is odometry chaining.
 */
public final class SpanningTreeInitialization {
    private SpanningTreeInitialization() {}

    /** Overwrites every pose except the first; fails if the graph is not connected. */
    public static void apply(PoseGraph graph) {
        int n = graph.poseCount();
        if (n == 0) {
            return;
        }
        List<List<Integer>> incident = incidentEdges(graph);
        PoseSpace space = graph.space();
        int s = space.stride;
        double[] x = graph.state();
        double[] inverse = new double[s];
        boolean[] reached = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        reached[0] = true;
        queue.add(0);
        int count = 1;
        List<BetweenFactor> factors = graph.betweenFactors();
        // the odometry chain first: from each reached pose, follow the edge to id + 1
        for (int i = 0; i < n; i++) {
            if (!reached[i]) {
                continue;
            }
            for (int k : incident.get(i)) {
                BetweenFactor f = factors.get(k);
                int other = f.from() == i ? f.to() : f.from();
                if (!reached[other] && graph.id(other) == graph.id(i) + 1) {
                    place(space, x, f, i, other, inverse);
                    reached[other] = true;
                    count++;
                    queue.add(other);
                    break;
                }
            }
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            for (int k : incident.get(i)) {
                BetweenFactor f = factors.get(k);
                int other = f.from() == i ? f.to() : f.from();
                if (reached[other]) {
                    continue;
                }
                place(space, x, f, i, other, inverse);
                reached[other] = true;
                count++;
                queue.add(other);
            }
        }
        if (count < n) {
            int first = 0;
            while (reached[first]) {
                first++;
            }
            throw disconnected(graph, n - count, first);
        }
    }

    /** Places pose {@code other} from the placed pose {@code i} through edge f. */
    private static void place(
            PoseSpace space, double[] x, BetweenFactor f, int i, int other, double[] inverse) {
        int s = space.stride;
        if (f.from() == i) {
            space.compose(x, i * s, f.measured(), 0, x, other * s);
        } else {
            space.invert(f.measured(), 0, inverse, 0);
            space.compose(x, i * s, inverse, 0, x, other * s);
        }
    }

    /** Throws unless every pose is reachable from the first through between factors. */
    static void checkConnected(PoseGraph graph) {
        int n = graph.poseCount();
        int[] root = new int[n]; // union-find over the between factors
        for (int i = 0; i < n; i++) {
            root[i] = i;
        }
        for (BetweenFactor f : graph.betweenFactors()) {
            root[find(root, f.from())] = find(root, f.to());
        }
        int unreachable = 0;
        int first = -1;
        for (int i = n - 1; i > 0; i--) {
            if (find(root, i) != find(root, 0)) {
                unreachable++;
                first = i;
            }
        }
        if (unreachable > 0) {
            throw disconnected(graph, unreachable, first);
        }
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]]; // path halving
            i = root[i];
        }
        return i;
    }

    private static IllegalArgumentException disconnected(
            PoseGraph graph, int unreachable, int first) {
        return new IllegalArgumentException(
                "pose graph is not connected: "
                        + unreachable
                        + " poses (e.g. id "
                        + graph.id(first)
                        + ") are unreachable from id "
                        + graph.id(0));
    }

    static List<List<Integer>> incidentEdges(PoseGraph graph) {
        List<List<Integer>> incident = new ArrayList<>(graph.poseCount());
        for (int i = 0; i < graph.poseCount(); i++) {
            incident.add(new ArrayList<>(4));
        }
        int k = 0;
        for (BetweenFactor f : graph.betweenFactors()) {
            incident.get(f.from()).add(k);
            incident.get(f.to()).add(k);
            k++;
        }
        return incident;
    }
}
