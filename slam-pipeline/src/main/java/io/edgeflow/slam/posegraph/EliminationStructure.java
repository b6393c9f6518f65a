package io.edgeflow.slam.posegraph;

import edu.emory.mathcs.csparsej.tdouble.Dcs_amd;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_counts;
import edu.emory.mathcs.csparsej.tdouble.Dcs_etree;
import edu.emory.mathcs.csparsej.tdouble.Dcs_post;
import edu.emory.mathcs.csparsej.tdouble.Dcs_util;
import java.util.Arrays;

/**
 * The symbolic analysis of a sparse symmetric block system that does not depend on the block size:
 * CSparse's AMD order of the block graph composed with a postorder of its elimination tree, the
 * column counts of L (CSparse), and the relaxed supernodes with their row patterns. One analysis
 * serves every system on the same graph — the chordal initialization's (d = 2 or 3) and the
 * Levenberg–Marquardt one (d = 3 or 6) — so {@link PoseGraph} keeps it while its structure is
 * unchanged.
 */
final class EliminationStructure {
    final int blocks;
    final int[][] neighbours; // per block: the blocks it is coupled with, ascending
    final int[] pinv; // original block → position in the elimination order
    final int[] first; // first block column of each supernode; one extra end entry
    final int[] supernodeOf; // block column → supernode
    final int[][] rows; // per supernode: row blocks, its own columns first, ascending
    // systems laid out ahead of use (BackgroundSymbolicAnalysis), by block size; each handed out
    // once
    private final BlockSparseCholesky[] prepared = new BlockSparseCholesky[7];

    /**
     * @param blocks number of blocks
     * @param coupledA first blocks of the coupled pairs (off-diagonal blocks of H)
     * @param coupledB second blocks of the coupled pairs; pairs may repeat, a ≠ b
     */
    static EliminationStructure of(int blocks, int[] coupledA, int[] coupledB) {
        int[][] neighbours = neighbours(blocks, coupledA, coupledB);
        return new EliminationStructure(neighbours, amdOrder(blocks, neighbours));
    }

    private EliminationStructure(int[][] neighbours, int[] order) {
        this.blocks = order.length;
        this.neighbours = neighbours;
        int[] parent = eliminationTree(neighbours, order);
        int[] post = Dcs_post.cs_post(parent, blocks);
        int[] postOrder = new int[blocks];
        for (int k = 0; k < blocks; k++) {
            postOrder[k] = order[post[k]];
        }
        // the postorder keeps the fill and makes every subtree a contiguous range of columns
        Dcs upper = permutedUpperPattern(neighbours, postOrder);
        parent = Dcs_etree.cs_etree(upper, false);
        int[] counts = Dcs_counts.cs_counts(upper, parent, identity(blocks), false);
        pinv = new int[blocks];
        for (int k = 0; k < blocks; k++) {
            pinv[postOrder[k]] = k;
        }
        // fundamental supernodes: column j joins j−1 when j is its parent and L(:, j−1) = {j−1} ∪
        // L(:, j)
        int[] starts = new int[blocks + 1];
        int count = 0;
        for (int j = 0; j < blocks; j++) {
            if (j == 0 || parent[j - 1] != j || counts[j - 1] != counts[j] + 1) {
                starts[count++] = j;
            }
        }
        starts[count] = blocks;
        first = relaxed(Arrays.copyOf(starts, count + 1), parent, counts);
        count = first.length - 1;
        supernodeOf = new int[blocks];
        for (int s = 0; s < count; s++) {
            Arrays.fill(supernodeOf, first[s], first[s + 1], s);
        }
        rows = rowPatterns(neighbours, postOrder, parent);
    }

    /** Lays out a system of block size d now, for {@link #newSystem} to hand out later. */
    void prepareSystem(int d) {
        BlockSparseCholesky system = new BlockSparseCholesky(d, this);
        synchronized (prepared) {
            prepared[d] = system;
        }
    }

    /**
     * A new, zeroed system of block size d on this structure: the one {@link #prepareSystem} laid
     * out, the first time, else laid out now.
     */
    BlockSparseCholesky newSystem(int d) {
        synchronized (prepared) {
            BlockSparseCholesky system = d < prepared.length ? prepared[d] : null;
            if (system != null) {
                prepared[d] = null;
                return system;
            }
        }
        return new BlockSparseCholesky(d, this);
    }

    /**
     * Relaxed supernodes (CHOLMOD's amalgamation rule, counted in block columns): a supernode is
     * merged into the next one when that one holds its parent and the explicit zeros this adds stay
     * few — then L has a few more stored zeros but far fewer, wider panels, and wide panels are
     * where the arithmetic is fast.
     *
     * @param fundamental first block column of each fundamental supernode, plus the end
     * @param counts block column counts of L (with the diagonal)
     */
    private static int[] relaxed(int[] fundamental, int[] parent, int[] counts) {
        int count = fundamental.length - 1;
        int[] out = new int[count + 1];
        int m = 0;
        if (count == 0) {
            return out;
        }
        int start = fundamental[0];
        long width = fundamental[1] - fundamental[0];
        long stored = entries(width, counts[start]);
        for (int s = 1; s < count; s++) {
            int f = fundamental[s];
            long w = fundamental[s + 1] - f;
            long r = counts[f];
            if (parent[f - 1] == f) {
                long merged = entries(width + w, width + r);
                double zeros = (merged - stored - entries(w, r)) / (double) merged;
                long columns = width + w; // in blocks, so one analysis serves every d
                if ((columns <= 4 && zeros < 0.8)
                        || (columns <= 16 && zeros < 0.1)
                        || zeros < 0.05) {
                    stored += entries(w, r);
                    width += w;
                    continue;
                }
            }
            out[m++] = start;
            start = f;
            width = w;
            stored = entries(w, r);
        }
        out[m++] = start;
        out[m] = fundamental[count];
        return Arrays.copyOf(out, m + 1);
    }

    /** Block entries of a panel of w columns and r rows (lower trapezoid). */
    private static long entries(long w, long r) {
        return w * r - w * (w - 1) / 2;
    }

    /** Elimination tree of the block graph permuted by {@code order}. */
    private static int[] eliminationTree(int[][] neighbours, int[] order) {
        return Dcs_etree.cs_etree(permutedUpperPattern(neighbours, order), false);
    }

    /** Pattern of the upper triangle (with diagonal) of the block graph permuted by order, CSC. */
    private static Dcs permutedUpperPattern(int[][] neighbours, int[] order) {
        int n = order.length;
        int[] pinv = new int[n];
        for (int k = 0; k < n; k++) {
            pinv[order[k]] = k;
        }
        int nnz = n;
        for (int[] nb : neighbours) {
            nnz += nb.length;
        }
        Dcs a = Dcs_util.cs_spalloc(n, n, Math.max(nnz, 1), false, false);
        int pos = 0;
        for (int j = 0; j < n; j++) {
            a.p[j] = pos;
            for (int b : neighbours[order[j]]) {
                if (pinv[b] < j) {
                    a.i[pos++] = pinv[b];
                }
            }
            a.i[pos++] = j;
        }
        a.p[n] = pos;
        return a;
    }

    /**
     * Row blocks of each supernode: its own columns, then the union of its columns' couplings below
     * it and of its children's rows below it.
     */
    private int[][] rowPatterns(int[][] neighbours, int[] order, int[] parent) {
        int count = first.length - 1;
        int[][] out = new int[count][];
        int[] childHead = new int[count];
        int[] nextChild = new int[count];
        Arrays.fill(childHead, -1);
        int[] mark = new int[blocks];
        Arrays.fill(mark, -1);
        int[] buffer = new int[blocks];
        for (int s = 0; s < count; s++) {
            int f = first[s], end = first[s + 1];
            int n = 0;
            for (int j = f; j < end; j++) {
                buffer[n++] = j;
                mark[j] = s;
            }
            for (int j = f; j < end; j++) {
                for (int b : neighbours[order[j]]) {
                    int i = pinv[b];
                    if (i >= end && mark[i] != s) {
                        mark[i] = s;
                        buffer[n++] = i;
                    }
                }
            }
            for (int c = childHead[s]; c >= 0; c = nextChild[c]) {
                for (int i : out[c]) {
                    if (i >= end && mark[i] != s) {
                        mark[i] = s;
                        buffer[n++] = i;
                    }
                }
            }
            Arrays.sort(buffer, end - f, n);
            out[s] = Arrays.copyOf(buffer, n);
            int p = parent[end - 1];
            if (p >= 0) {
                int sp = supernodeOf[p];
                nextChild[s] = childHead[sp];
                childHead[sp] = s;
            }
        }
        return out;
    }

    private static int[][] neighbours(int blocks, int[] a, int[] b) {
        int[] degree = new int[blocks];
        for (int k = 0; k < a.length; k++) {
            degree[a[k]]++;
            degree[b[k]]++;
        }
        int[][] nb = new int[blocks][];
        for (int v = 0; v < blocks; v++) {
            nb[v] = new int[degree[v]];
        }
        int[] fill = new int[blocks];
        for (int k = 0; k < a.length; k++) {
            nb[a[k]][fill[a[k]]++] = b[k];
            nb[b[k]][fill[b[k]]++] = a[k];
        }
        for (int v = 0; v < blocks; v++) {
            int[] s = nb[v];
            Arrays.sort(s);
            int m = 0;
            for (int k = 0; k < s.length; k++) {
                if (m == 0 || s[m - 1] != s[k]) {
                    s[m++] = s[k];
                }
            }
            nb[v] = Arrays.copyOf(s, m);
        }
        return nb;
    }

    /** AMD on the block graph (CSparse's cs_amd on A + Aᵀ). */
    private static int[] amdOrder(int blocks, int[][] nb) {
        if (blocks == 0) {
            return new int[0];
        }
        int nnz = blocks;
        for (int[] s : nb) {
            nnz += s.length;
        }
        Dcs pattern = Dcs_util.cs_spalloc(blocks, blocks, nnz, true, false);
        int pos = 0;
        for (int c = 0; c < blocks; c++) {
            pattern.p[c] = pos;
            for (int r : nb[c]) {
                pattern.i[pos] = r;
                pattern.x[pos++] = 1;
            }
            pattern.i[pos] = c;
            pattern.x[pos++] = 1;
        }
        pattern.p[blocks] = pos;
        pattern.nz = -1;
        int[] p = Dcs_amd.cs_amd(1, pattern);
        if (p == null) {
            throw new IllegalStateException("CSparse AMD ordering failed");
        }
        return Arrays.copyOf(p, blocks);
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int k = 0; k < n; k++) {
            p[k] = k;
        }
        return p;
    }
}
