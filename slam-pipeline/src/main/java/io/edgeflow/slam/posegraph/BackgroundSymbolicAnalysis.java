package io.edgeflow.slam.posegraph;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The symbolic analysis of a graph ({@link EliminationStructure}: ordering, elimination tree,
 * supernodes, and the layouts of the linear systems on it) computed on a thread of its own from the
 * ids of its vertices and edges alone, so that a reader can run it while it still parses the
 * measurements — on two cores the analysis is then done by the time the graph is. A graph
 * {@linkplain PoseGraph#useSymbolicAnalysis adopts} it only when its poses and edges are the ones
 * the analysis saw; otherwise, or when the analysis failed, the graph analyses itself as usual.
 */
public final class BackgroundSymbolicAnalysis {

    /**
     * The ids of a pose graph's vertices and edges, without measurements: poses are the distinct
     * ids, in ascending order (as the readers number them).
     *
     * @param spatialDim 2 or 3 when known (the systems of the chordal initialization and of
     *     Levenberg–Marquardt are then laid out too), else 0
     */
    public record PoseIds(long[] vertexIds, long[] from, long[] to, int spatialDim) {}

    private final FutureTask<Result> task;

    private record Result(
            int poses, int edges, long edgeChecksum, EliminationStructure structure) {}

    private BackgroundSymbolicAnalysis(Callable<PoseIds> ids) {
        task = new FutureTask<>(() -> analyse(ids.call()));
    }

    /**
     * Starts reading the ids (e.g. a quick scan of the file) and analysing them on a new thread.
     */
    public static BackgroundSymbolicAnalysis start(Callable<PoseIds> ids) {
        BackgroundSymbolicAnalysis a = new BackgroundSymbolicAnalysis(ids);
        Thread t = new Thread(a.task, "pose-graph-symbolic-analysis");
        t.setDaemon(true);
        t.start();
        return a;
    }

    private static Result analyse(PoseIds ids) {
        int m = ids.from().length;
        long[] all = Arrays.copyOf(ids.vertexIds(), ids.vertexIds().length + 2 * m);
        System.arraycopy(ids.from(), 0, all, ids.vertexIds().length, m);
        System.arraycopy(ids.to(), 0, all, ids.vertexIds().length + m, m);
        Arrays.sort(all);
        int n = 0;
        for (int k = 0; k < all.length; k++) {
            if (n == 0 || all[n - 1] != all[k]) {
                all[n++] = all[k];
            }
        }
        int[] a = new int[m];
        int[] b = new int[m];
        int coupled = 0;
        long checksum = 0;
        for (int k = 0; k < m; k++) {
            int i = Arrays.binarySearch(all, 0, n, ids.from()[k]);
            int j = Arrays.binarySearch(all, 0, n, ids.to()[k]);
            checksum += edgeHash(i, j);
            if (i > 0 && j > 0) { // as PoseGraph#eliminationStructure: pose 0 is the anchor
                a[coupled] = i - 1;
                b[coupled++] = j - 1;
            }
        }
        EliminationStructure structure =
                EliminationStructure.of(
                        Math.max(0, n - 1), Arrays.copyOf(a, coupled), Arrays.copyOf(b, coupled));
        return new Result(n, m, checksum, structure);
    }

    /** Order-independent fingerprint of an edge list: a sum of mixed per-edge hashes. */
    static long edgeHash(int from, int to) {
        long h = ((long) from << 32 | (to & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** The analysis, waiting for it; null when it failed. */
    EliminationStructure structure() {
        Result r = result();
        return r == null ? null : r.structure;
    }

    private Result result() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The analysis, waiting for it if needed, when it saw exactly this graph's poses and edges;
     * null otherwise or when it failed (a malformed line, which the parser reports itself).
     */
    EliminationStructure structureFor(int poses, int edges, long edgeChecksum) {
        Result r = result();
        boolean same =
                r != null && r.poses == poses && r.edges == edges && r.edgeChecksum == edgeChecksum;
        return same ? r.structure : null;
    }
}
