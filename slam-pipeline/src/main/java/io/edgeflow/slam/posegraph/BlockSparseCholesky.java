package io.edgeflow.slam.posegraph;

import edu.emory.mathcs.csparsej.tdouble.Dcs_amd;
import edu.emory.mathcs.csparsej.tdouble.Dcs_chol;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcsn;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcss;
import edu.emory.mathcs.csparsej.tdouble.Dcs_lsolve;
import edu.emory.mathcs.csparsej.tdouble.Dcs_ltsolve;
import edu.emory.mathcs.csparsej.tdouble.Dcs_schol;
import edu.emory.mathcs.csparsej.tdouble.Dcs_util;
import java.util.Arrays;

/**
 * A symmetric positive-definite system H·x = b whose unknowns come in blocks of d (one per pose)
 * and whose sparsity is fixed by which blocks are coupled, solved by sparse Cholesky (CSparse).
 *
 * <p>Everything that depends on the structure alone is done once in the constructor: the AMD
 * fill-reducing ordering (computed on the block graph, which is d² times smaller than the scalar
 * one and keeps each pose's unknowns together), the upper-triangular CSC pattern of the permuted H,
 * and CSparse's symbolic analysis (elimination tree, column counts). Each solver iteration only
 * refills the numeric values and runs the numeric factorization.
 */
final class BlockSparseCholesky {
    private final int d;
    private final int blocks;
    private final int[] pinv; // original block → position in the elimination order
    private final int[][] rowBlocksAbove; // per permuted column block: sorted coupled blocks above
    private final Dcs upper; // permuted H, upper triangle incl. diagonal, CSC
    private final Dcss symbolic;
    private final int[] diagonalPosition; // per permuted scalar index
    private final double[] undampedDiagonal;
    private final double[] work;
    private Dcsn factor;

    /**
     * @param blocks number of block unknowns
     * @param d block size
     * @param coupledA first blocks of the coupled pairs (off-diagonal blocks of H)
     * @param coupledB second blocks of the coupled pairs; pairs may repeat, a ≠ b
     */
    BlockSparseCholesky(int blocks, int d, int[] coupledA, int[] coupledB) {
        this.d = d;
        this.blocks = blocks;
        int[][] neighbours = neighbours(blocks, coupledA, coupledB);
        int[] order = amdOrder(blocks, neighbours);
        pinv = new int[blocks];
        for (int k = 0; k < blocks; k++) {
            pinv[order[k]] = k;
        }
        rowBlocksAbove = new int[blocks][];
        long nnz = 0;
        for (int cb = 0; cb < blocks; cb++) {
            int[] nb = neighbours[order[cb]];
            int[] above = new int[nb.length];
            int m = 0;
            for (int b : nb) {
                int pb = pinv[b];
                if (pb < cb) {
                    above[m++] = pb;
                }
            }
            above = Arrays.copyOf(above, m);
            Arrays.sort(above);
            rowBlocksAbove[cb] = above;
            nnz += (long) m * d * d + (long) d * (d + 1) / 2;
        }
        if (nnz > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("system too large for CSparse: " + nnz + " entries");
        }
        int n = blocks * d;
        upper = Dcs_util.cs_spalloc(n, n, (int) Math.max(nnz, 1), true, false);
        diagonalPosition = new int[n];
        int pos = 0;
        for (int cb = 0; cb < blocks; cb++) {
            for (int c = 0; c < d; c++) {
                int col = cb * d + c;
                upper.p[col] = pos;
                for (int rb : rowBlocksAbove[cb]) {
                    for (int r = 0; r < d; r++) {
                        upper.i[pos++] = rb * d + r;
                    }
                }
                for (int r = 0; r <= c; r++) {
                    upper.i[pos++] = cb * d + r;
                }
                diagonalPosition[col] = pos - 1;
            }
        }
        upper.p[n] = pos;
        upper.nz = -1;
        symbolic = n == 0 ? null : Dcs_schol.cs_schol(0, upper);
        if (n > 0 && symbolic == null) {
            throw new IllegalStateException("CSparse symbolic analysis failed");
        }
        undampedDiagonal = new double[n];
        work = new double[n];
    }

    int size() {
        return blocks * d;
    }

    /** Nonzeros of the Cholesky factor (from the symbolic analysis). */
    long factorNonZeros() {
        return symbolic == null ? 0 : (long) symbolic.cp[size()];
    }

    /**
     * Rank of block {@code b} among the coupled blocks of {@code a} in the stored upper triangle;
     * call once per factor and pass to {@link #addOffDiagonal}.
     */
    /** Multiply-adds of one numeric factorization: Σ_j c_j² over the column counts of L. */
    double factorFlops() {
        double f = 0;
        for (int j = 0; j < size(); j++) {
            double c = symbolic.cp[j + 1] - symbolic.cp[j];
            f += c * c;
        }
        return f;
    }

    int couplingSlot(int a, int b) {
        int pa = pinv[a], pb = pinv[b];
        int hi = Math.max(pa, pb), lo = Math.min(pa, pb);
        int rank = Arrays.binarySearch(rowBlocksAbove[hi], lo);
        if (rank < 0) {
            throw new IllegalArgumentException("blocks " + a + ", " + b + " are not coupled");
        }
        return rank;
    }

    void setZero() {
        Arrays.fill(upper.x, 0);
    }

    /** H_aa += M (d×d row-major, symmetric). */
    void addDiagonal(int a, double[] m) {
        int cb = pinv[a];
        int off = rowBlocksAbove[cb].length * d;
        for (int c = 0; c < d; c++) {
            int base = upper.p[cb * d + c] + off;
            for (int r = 0; r <= c; r++) {
                upper.x[base + r] += m[r * d + c];
            }
        }
    }

    /** H_ab += M (d×d row-major), and by symmetry H_ba += Mᵀ. */
    void addOffDiagonal(int a, int b, int slot, double[] m) {
        int pa = pinv[a], pb = pinv[b];
        if (pa < pb) {
            for (int c = 0; c < d; c++) {
                int base = upper.p[pb * d + c] + slot * d;
                for (int r = 0; r < d; r++) {
                    upper.x[base + r] += m[r * d + c];
                }
            }
        } else {
            // stored block is H_ba = Mᵀ: entry (row r of b, col c of a) = M[c][r]
            for (int c = 0; c < d; c++) {
                int base = upper.p[pa * d + c] + slot * d;
                for (int r = 0; r < d; r++) {
                    upper.x[base + r] += m[c * d + r];
                }
            }
        }
    }

    /** Diagonal entry of the assembled H for scalar unknown {@code i} of block order. */
    double diagonal(int block, int k) {
        return upper.x[diagonalPosition[pinv[block] * d + k]];
    }

    /** Remembers the assembled diagonal so {@link #factor} can damp it repeatedly. */
    void finishAssembly() {
        for (int k = 0; k < undampedDiagonal.length; k++) {
            undampedDiagonal[k] = upper.x[diagonalPosition[k]];
        }
    }

    /**
     * Factors H + λ·D with D = diag(H) clamped to [1e-6, 1e32] (Marquardt's scaling, as Ceres).
     *
     * @return false when the matrix is not positive definite
     */
    boolean factor(double lambda) {
        for (int k = 0; k < undampedDiagonal.length; k++) {
            double h = undampedDiagonal[k];
            upper.x[diagonalPosition[k]] = h + lambda * damping(h);
        }
        factor = size() == 0 ? null : Dcs_chol.cs_chol(upper, symbolic);
        return size() == 0 || factor != null;
    }

    /** δᵀ·D·δ for the damping matrix of {@link #factor}, δ in block order. */
    double dampingNorm(double[] delta) {
        double s = 0;
        for (int blk = 0; blk < blocks; blk++) {
            for (int k = 0; k < d; k++) {
                double v = delta[blk * d + k];
                s += damping(undampedDiagonal[pinv[blk] * d + k]) * v * v;
            }
        }
        return s;
    }

    /** Solves with the last factorization; rhs and out are in block order and may alias. */
    void solve(double[] rhs, double[] out) {
        if (size() == 0) {
            return;
        }
        for (int blk = 0; blk < blocks; blk++) {
            System.arraycopy(rhs, blk * d, work, pinv[blk] * d, d);
        }
        Dcs_lsolve.cs_lsolve(factor.L, work);
        Dcs_ltsolve.cs_ltsolve(factor.L, work);
        for (int blk = 0; blk < blocks; blk++) {
            System.arraycopy(work, pinv[blk] * d, out, blk * d, d);
        }
    }

    private static double damping(double h) {
        return Math.min(Math.max(h, 1e-6), 1e32);
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
}
