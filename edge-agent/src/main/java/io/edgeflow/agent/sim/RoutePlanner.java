package io.edgeflow.agent.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Collision-free routes for a round robot of a given radius: cells whose clearance is at least the
 * radius are navigable; goals are drawn from the largest connected navigable region (so every goal
 * is reachable from every start in it); A* on the 8-connected navigable cells finds a route, and
 * line-of-sight shortcuts turn its staircase into a few straight legs that stay on navigable cells.
 * Not thread-safe (reuses its search arrays).
 */
public final class RoutePlanner {
    private static final int[] DI = {1, -1, 0, 0, 1, 1, -1, -1};
    private static final int[] DJ = {0, 0, 1, -1, 1, -1, 1, -1};

    private final OccupancyMap map;
    private final Clearance clearance;
    private final double radius;
    private final int[] region;
    private final float[] cost;
    private final int[] cameFrom;
    private final int[] stamp;
    private int search;

    public RoutePlanner(Clearance clearance, double robotRadius) {
        this.clearance = clearance;
        this.map = clearance.map();
        this.radius = robotRadius;
        int n = map.width() * map.height();
        this.cost = new float[n];
        this.cameFrom = new int[n];
        this.stamp = new int[n];
        this.region = largestRegion();
        if (region.length == 0) {
            throw new IllegalArgumentException(
                    "the map has no free space wide enough for a robot of radius " + robotRadius);
        }
    }

    public boolean navigable(int i, int j) {
        return clearance.at(i, j) >= radius;
    }

    /** Navigable cells a robot can reach from any other one of them. */
    public int regionSize() {
        return region.length;
    }

    /** A uniformly drawn cell centre of the navigable region, as {x, y}. */
    public double[] randomPoint(RandomGenerator random) {
        int k = region[random.nextInt(region.length)];
        return new double[] {map.centerX(k % map.width()), map.centerY(k / map.width())};
    }

    /**
     * Straight legs from (x, y) to the goal, as the points to drive to in order (the goal last), or
     * an empty list if either end is off the navigable region or the goal is unreachable.
     */
    public List<double[]> route(double x, double y, double goalX, double goalY) {
        int w = map.width();
        int si = map.cellX(x);
        int sj = map.cellY(y);
        int gi = map.cellX(goalX);
        int gj = map.cellY(goalY);
        if (!navigable(si, sj) || !navigable(gi, gj)) {
            return List.of();
        }
        int start = sj * w + si;
        int goal = gj * w + gi;
        search++;
        PriorityQueue<long[]> open = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        cost[start] = 0;
        cameFrom[start] = -1;
        stamp[start] = search;
        open.add(new long[] {(long) (heuristic(si, sj, gi, gj) * 1e6), start});
        boolean found = false;
        while (!open.isEmpty()) {
            long[] top = open.poll();
            int k = (int) top[1];
            if (k == goal) {
                found = true;
                break;
            }
            int i = k % w;
            int j = k / w;
            double g = cost[k];
            if (top[0] / 1e6 > g + heuristic(i, j, gi, gj) + 1e-3) {
                continue; // a stale entry: k was reached more cheaply since
            }
            for (int d = 0; d < 8; d++) {
                int ni = i + DI[d];
                int nj = j + DJ[d];
                if (!navigable(ni, nj)) {
                    continue;
                }
                // no corner cutting: a diagonal step needs both orthogonal neighbours navigable
                if (d >= 4 && (!navigable(i + DI[d], j) || !navigable(i, j + DJ[d]))) {
                    continue;
                }
                int nk = nj * w + ni;
                float ng = (float) (g + (d >= 4 ? Math.sqrt(2) : 1));
                if (stamp[nk] != search || ng < cost[nk]) {
                    stamp[nk] = search;
                    cost[nk] = ng;
                    cameFrom[nk] = k;
                    open.add(new long[] {(long) ((ng + heuristic(ni, nj, gi, gj)) * 1e6), nk});
                }
            }
        }
        if (!found) {
            return List.of();
        }
        List<Integer> cells = new ArrayList<>();
        for (int k = goal; k != -1; k = cameFrom[k]) {
            cells.add(k);
        }
        java.util.Collections.reverse(cells);
        return shortcut(x, y, cells, goalX, goalY);
    }

    private List<double[]> shortcut(
            double x, double y, List<Integer> cells, double goalX, double goalY) {
        int w = map.width();
        List<double[]> points = new ArrayList<>();
        for (int k : cells.subList(1, cells.size() - 1)) {
            points.add(new double[] {map.centerX(k % w), map.centerY(k / w)});
        }
        points.add(new double[] {goalX, goalY});
        List<double[]> legs = new ArrayList<>();
        double ax = x;
        double ay = y;
        int next = 0;
        while (next < points.size()) {
            int farthest = next;
            for (int k = next + 1; k < points.size(); k++) {
                if (!lineOfSight(ax, ay, points.get(k)[0], points.get(k)[1])) {
                    break;
                }
                farthest = k;
            }
            double[] p = points.get(farthest);
            legs.add(p);
            ax = p[0];
            ay = p[1];
            next = farthest + 1;
        }
        return legs;
    }

    /** Whether the straight segment stays on navigable cells (sampled every half cell). */
    public boolean lineOfSight(double x0, double y0, double x1, double y1) {
        double length = Math.hypot(x1 - x0, y1 - y0);
        int steps = (int) Math.ceil(length / (map.resolution() / 2));
        for (int s = 0; s <= steps; s++) {
            double t = steps == 0 ? 0 : (double) s / steps;
            if (!navigable(map.cellX(x0 + t * (x1 - x0)), map.cellY(y0 + t * (y1 - y0)))) {
                return false;
            }
        }
        return true;
    }

    private static double heuristic(int i, int j, int gi, int gj) {
        int dx = Math.abs(i - gi);
        int dy = Math.abs(j - gj);
        return Math.max(dx, dy) + (Math.sqrt(2) - 1) * Math.min(dx, dy);
    }

    private int[] largestRegion() {
        int w = map.width();
        int n = w * map.height();
        int[] label = new int[n];
        Arrays.fill(label, -1);
        int best = -1;
        int bestSize = 0;
        int labels = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int k = 0; k < n; k++) {
            if (label[k] >= 0 || !navigable(k % w, k / w)) {
                continue;
            }
            int size = 0;
            label[k] = labels;
            queue.add(k);
            while (!queue.isEmpty()) {
                int c = queue.poll();
                size++;
                for (int d = 0; d < 4; d++) {
                    int ni = c % w + DI[d];
                    int nj = c / w + DJ[d];
                    if (navigable(ni, nj) && label[nj * w + ni] < 0) {
                        label[nj * w + ni] = labels;
                        queue.add(nj * w + ni);
                    }
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = labels;
            }
            labels++;
        }
        int[] cells = new int[bestSize];
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (label[k] == best && best >= 0) {
                cells[m++] = k;
            }
        }
        return cells;
    }
}
