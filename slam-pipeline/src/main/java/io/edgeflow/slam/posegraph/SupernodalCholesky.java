package io.edgeflow.slam.posegraph;

import java.util.Arrays;

/**
 * Supernodal Cholesky factor L·Lᵀ of a symmetric positive-definite matrix whose unknowns come in
 * dense blocks of d (one pose each), stored as dense column-major panels in one flat array.
 *
 * <p>The symbolic analysis ({@link EliminationStructure}) works on the block graph, d² times
 * smaller than the scalar one; its supernodes — runs of consecutive block columns whose columns of
 * L share one row pattern — are each one dense panel here (its diagonal part, then the rows below),
 * laid out for this d together with where each panel's update goes. The numeric factorization
 * factors each panel in place and subtracts its outer product Lₒ·Lₒᵀ from the panels of its
 * ancestors through offsets precomputed here, so a refactorization is dense arithmetic on
 * contiguous columns plus a scatter, with no index searches and no allocation.
 */
final class SupernodalCholesky {
    private final int d;
    private final int blocks;
    private final int[] pinv; // original block → position in the elimination order
    private final int[] first; // first block column of each supernode; one extra end entry
    private final int[] supernodeOf; // block column → supernode
    private final int[][] rows; // per supernode: row blocks, its own columns first, ascending
    private final int[] panel; // offset of each supernode's panel in values
    private final int[][] updateTarget; // per supernode: offset of each block of Lₒ·Lₒᵀ in values
    private final double[] values;
    private final double[] outer; // −Lₒ·Lₒᵀ of the current supernode, column-major
    private final double[] gathered;

    /**
     * @param d block size
     * @param structure the block graph's symbolic analysis
     */
    SupernodalCholesky(int d, EliminationStructure structure) {
        this.d = d;
        this.blocks = structure.blocks;
        this.pinv = structure.pinv;
        this.first = structure.first;
        this.supernodeOf = structure.supernodeOf;
        this.rows = structure.rows;
        int count = first.length - 1;
        panel = new int[count + 1];
        long size = 0;
        int maxBelow = 0;
        for (int s = 0; s < count; s++) {
            panel[s] = (int) size;
            int width = first[s + 1] - first[s];
            size += (long) rows[s].length * d * width * d;
            maxBelow = Math.max(maxBelow, (rows[s].length - width) * d);
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("Cholesky factor too large: " + size);
            }
        }
        panel[count] = (int) size;
        values = new double[(int) size];
        outer = new double[maxBelow * maxBelow];
        gathered = new double[maxBelow];
        updateTarget = updateTargets();
    }

    int size() {
        return blocks * d;
    }

    int supernodes() {
        return first.length - 1;
    }

    /** Position of an original block in the elimination order. */
    int position(int block) {
        return pinv[block];
    }

    /**
     * The factor's storage, to be filled with the lower triangle of the matrix before factoring.
     */
    double[] values() {
        return values;
    }

    /** Offset in {@link #values} of block (row, col), positions in elimination order, row ≥ col. */
    int blockOffset(int row, int col) {
        int s = supernodeOf[col];
        int p = Arrays.binarySearch(rows[s], row);
        if (p < 0) {
            throw new IllegalArgumentException("block " + row + ", " + col + " is not in L");
        }
        return panel[s] + (col - first[s]) * d * leadingDimension(col) + p * d;
    }

    /** Distance in {@link #values} between consecutive columns of block column {@code col}. */
    int leadingDimension(int col) {
        return rows[supernodeOf[col]].length * d;
    }

    /** Entries stored for L's lower triangle (its nonzeros and the relaxed supernodes' zeros). */
    long factorNonZeros() {
        long nz = 0;
        for (int s = 0; s < supernodes(); s++) {
            int ld = rows[s].length * d;
            int width = (first[s + 1] - first[s]) * d;
            nz += (long) width * ld - (long) width * (width - 1) / 2;
        }
        return nz;
    }

    /**
     * Factors in place the matrix whose lower triangle is in {@link #values} (entries above the
     * diagonal of the diagonal blocks are ignored).
     *
     * @return false when the matrix is not positive definite
     */
    boolean factor() {
        for (int s = 0; s < supernodes(); s++) {
            if (!factorSupernode(s)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Factors supernode s's panel and subtracts its outer product from its ancestors. One call per
     * supernode — like the other per-supernode and per-edge methods of the solver — so that a fresh
     * JVM compiles it after a few hundred calls within the first factorization rather than
     * interpreting a loop over all supernodes until on-stack replacement.
     */
    private boolean factorSupernode(int s) {
        double[] l = values;
        int base = panel[s];
        int ld = rows[s].length * d;
        int width = (first[s + 1] - first[s]) * d;
        // left-looking within the panel: column c −= Σ_k L(c, k)·column k, then scale
        for (int c = 0; c < width; c++) {
            int cc = base + c * ld;
            subtractColumns(l, base, ld, c, c, ld, l, cc);
            double pivot = l[cc + c];
            if (!(pivot > 0) || pivot == Double.POSITIVE_INFINITY) {
                return false;
            }
            pivot = Math.sqrt(pivot);
            l[cc + c] = pivot;
            double inverse = 1 / pivot;
            for (int i = cc + c + 1; i < cc + ld; i++) {
                l[i] *= inverse;
            }
        }
        int below = ld - width;
        if (below > 0) {
            outerProductBelow(l, base + width, ld, width, below);
            scatterOuterProduct(s, below);
        }
        return true;
    }

    /**
     * outer = −Lₒ·Lₒᵀ (lower triangle, column-major), Lₒ the {@code below} × {@code width} block at
     * {@code o}.
     */
    private void outerProductBelow(double[] l, int o, int ld, int width, int below) {
        double[] c = outer;
        int j = 0;
        for (; j + 1 < below; j += 2) {
            int cj = j * below;
            Arrays.fill(c, cj + j, cj + below, 0);
            Arrays.fill(c, cj + below + j + 1, cj + 2 * below, 0);
            subtractColumnPair(l, o, ld, width, j, below, c, cj);
        }
        if (j < below) {
            int cj = j * below;
            Arrays.fill(c, cj + j, cj + below, 0);
            subtractColumns(l, o, ld, width, j, below, c, cj);
        }
    }

    /**
     * {@link #subtractColumns} for rows {@code row} and {@code row + 1} at once (target columns at
     * t and t + end), so each loaded column entry of A serves both.
     */
    private static void subtractColumnPair(
            double[] a, int o, int ld, int count, int row, int end, double[] target, int t) {
        int u = t + end;
        int k = 0;
        for (; k + 1 < count; k += 2) {
            int o0 = o + k * ld, o1 = o0 + ld;
            double a0 = a[o0 + row], a1 = a[o1 + row];
            double b0 = a[o0 + row + 1], b1 = a[o1 + row + 1];
            target[t + row] -= a0 * a0 + a1 * a1;
            for (int i = row + 1; i < end; i++) {
                double x0 = a[o0 + i], x1 = a[o1 + i];
                target[t + i] -= a0 * x0 + a1 * x1;
                target[u + i] -= b0 * x0 + b1 * x1;
            }
        }
        for (; k < count; k++) {
            int o0 = o + k * ld;
            double a0 = a[o0 + row], b0 = a[o0 + row + 1];
            target[t + row] -= a0 * a0;
            for (int i = row + 1; i < end; i++) {
                double x0 = a[o0 + i];
                target[t + i] -= a0 * x0;
                target[u + i] -= b0 * x0;
            }
        }
    }

    /**
     * target[t + i] −= Σ_{k < count} A(row, k)·A(i, k) for row ≤ i < end, where A(i, k) = a[o +
     * k·ld + i]: the update of one column of a left-looking Cholesky. Four columns of A at a time,
     * so target is loaded and stored once per four (the loop the JIT vectorizes).
     */
    private static void subtractColumns(
            double[] a, int o, int ld, int count, int row, int end, double[] target, int t) {
        int k = 0;
        for (; k + 3 < count; k += 4) {
            int o0 = o + k * ld, o1 = o0 + ld, o2 = o1 + ld, o3 = o2 + ld;
            double a0 = a[o0 + row], a1 = a[o1 + row], a2 = a[o2 + row], a3 = a[o3 + row];
            for (int i = row; i < end; i++) {
                target[t + i] -= a0 * a[o0 + i] + a1 * a[o1 + i] + a2 * a[o2 + i] + a3 * a[o3 + i];
            }
        }
        for (; k < count; k++) {
            int o0 = o + k * ld;
            double a0 = a[o0 + row];
            for (int i = row; i < end; i++) {
                target[t + i] -= a0 * a[o0 + i];
            }
        }
    }

    /** Adds {@link #outer} (−Lₒ·Lₒᵀ) to the panels of the ancestors of supernode s. */
    private void scatterOuterProduct(int s, int below) {
        double[] l = values;
        double[] c = outer;
        int[] target = updateTarget[s];
        int width = first[s + 1] - first[s];
        int m = rows[s].length - width;
        int t = 0;
        for (int jb = 0; jb < m; jb++) {
            int ld = leadingDimension(rows[s][width + jb]);
            int column = jb * d * below;
            for (int ib = jb; ib < m; ib++) {
                int to = target[t++];
                int from = column + ib * d;
                for (int cc = 0; cc < d; cc++) {
                    int src = from + cc * below;
                    int dst = to + cc * ld;
                    for (int a = ib == jb ? cc : 0; a < d; a++) {
                        l[dst + a] += c[src + a];
                    }
                }
            }
        }
    }

    /** Solves L·Lᵀ·x = b in place; x in elimination order (block k at [k·d, k·d + d)). */
    void solve(double[] x) {
        for (int s = 0; s < supernodes(); s++) {
            forward(s, x);
        }
        for (int s = supernodes() - 1; s >= 0; s--) {
            backward(s, x);
        }
    }

    /** Supernode s's part of L·y = b: its own unknowns, then its update of the rows below. */
    private void forward(int s, double[] x) {
        double[] l = values;
        double[] g = gathered;
        int base = panel[s];
        int ld = rows[s].length * d;
        int width = (first[s + 1] - first[s]) * d;
        int x0 = first[s] * d;
        int below = ld - width;
        Arrays.fill(g, 0, below, 0);
        for (int k = 0; k < width; k++) {
            int ck = base + k * ld;
            double xk = x[x0 + k] / l[ck + k];
            x[x0 + k] = xk;
            for (int i = k + 1; i < width; i++) {
                x[x0 + i] -= l[ck + i] * xk;
            }
            for (int i = 0; i < below; i++) {
                g[i] += l[ck + width + i] * xk;
            }
        }
        int[] r = rows[s];
        int w = first[s + 1] - first[s];
        for (int ib = w; ib < r.length; ib++) {
            int xo = r[ib] * d, go = (ib - w) * d;
            for (int a = 0; a < d; a++) {
                x[xo + a] -= g[go + a];
            }
        }
    }

    /** Supernode s's part of Lᵀ·x = y, the rows below it already solved. */
    private void backward(int s, double[] x) {
        double[] l = values;
        double[] g = gathered;
        int base = panel[s];
        int ld = rows[s].length * d;
        int width = (first[s + 1] - first[s]) * d;
        int x0 = first[s] * d;
        int below = ld - width;
        int[] r = rows[s];
        int w = first[s + 1] - first[s];
        for (int ib = w; ib < r.length; ib++) {
            System.arraycopy(x, r[ib] * d, g, (ib - w) * d, d);
        }
        for (int k = width - 1; k >= 0; k--) {
            int ck = base + k * ld;
            double sum = x[x0 + k];
            for (int i = k + 1; i < width; i++) {
                sum -= l[ck + i] * x[x0 + i];
            }
            for (int i = 0; i < below; i++) {
                sum -= l[ck + width + i] * g[i];
            }
            x[x0 + k] = sum / l[ck + k];
        }
    }

    /** For every block of every supernode's Lₒ·Lₒᵀ, the offset in values it is subtracted from. */
    private int[][] updateTargets() {
        int count = supernodes();
        int[][] out = new int[count][];
        for (int s = 0; s < count; s++) {
            out[s] = updateTargets(s);
        }
        return out;
    }

    private int[] updateTargets(int s) {
        int width = first[s + 1] - first[s];
        int m = rows[s].length - width;
        int[] target = new int[m * (m + 1) / 2];
        int t = 0;
        for (int jb = 0; jb < m; jb++) {
            int col = rows[s][width + jb];
            int st = supernodeOf[col];
            int[] tr = rows[st];
            int ld = tr.length * d;
            int columnStart = panel[st] + (col - first[st]) * d * ld;
            int p = col - first[st];
            for (int ib = jb; ib < m; ib++) {
                int row = rows[s][width + ib];
                while (tr[p] != row) {
                    p++; // rows of s below col are a subset of the target's rows
                }
                target[t++] = columnStart + p * d;
            }
        }
        return target;
    }
}
