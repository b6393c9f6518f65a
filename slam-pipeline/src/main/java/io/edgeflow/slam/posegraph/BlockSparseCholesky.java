package io.edgeflow.slam.posegraph;

import edu.emory.mathcs.csparsej.tdouble.Dcs_amd;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_transpose;
import edu.emory.mathcs.csparsej.tdouble.Dcs_util;
import java.util.Arrays;

/**
 * A symmetric positive-definite system H·x = b whose unknowns come in blocks of d (one per pose)
 * and whose sparsity is fixed by which blocks are coupled, solved by a supernodal Cholesky
 * factorization ({@link SupernodalCholesky}) in CSparse's AMD order.
 *
 * <p>Everything that depends on the structure alone is done once in the constructor: the AMD
 * fill-reducing ordering (computed on the block graph, which is d² times smaller than the scalar
 * one and keeps each pose's unknowns together) and the symbolic analysis (elimination tree,
 * supernodes, the layout of L). H is assembled straight into that layout; each solver iteration
 * only copies it, damps its diagonal and runs the numeric factorization.
 */
final class BlockSparseCholesky {
    private final int d;
    private final int blocks;
    private final int[][] neighbours; // per block: the blocks it is coupled with
    private final SupernodalCholesky factor;
    private final double[] assembled; // lower triangle of H in the factor's layout
    private final int[] diagonalPosition; // per scalar unknown in elimination order
    private final double[] undampedDiagonal;
    private final double[] work;

    /**
     * @param blocks number of block unknowns
     * @param d block size
     * @param coupledA first blocks of the coupled pairs (off-diagonal blocks of H)
     * @param coupledB second blocks of the coupled pairs; pairs may repeat, a ≠ b
     */
    BlockSparseCholesky(int blocks, int d, int[] coupledA, int[] coupledB) {
        this.d = d;
        this.blocks = blocks;
        neighbours = neighbours(blocks, coupledA, coupledB);
        factor = new SupernodalCholesky(d, neighbours, amdOrder(blocks, neighbours));
        assembled = new double[factor.values().length];
        int n = blocks * d;
        diagonalPosition = new int[n];
        for (int k = 0; k < blocks; k++) {
            int o = factor.blockOffset(k, k);
            int ld = factor.leadingDimension(k);
            for (int c = 0; c < d; c++) {
                diagonalPosition[k * d + c] = o + c * ld + c;
            }
        }
        undampedDiagonal = new double[n];
        work = new double[n];
    }

    int size() {
        return blocks * d;
    }

    /** Nonzeros of the Cholesky factor (from the symbolic analysis). */
    long factorNonZeros() {
        return factor.factorNonZeros();
    }

    /**
     * Where the block coupling {@code a} and {@code b} is stored; call once per structure and pass
     * to {@link #addOffDiagonal}.
     */
    int couplingSlot(int a, int b) {
        int pa = factor.position(a), pb = factor.position(b);
        return factor.blockOffset(Math.max(pa, pb), Math.min(pa, pb));
    }

    void setZero() {
        Arrays.fill(assembled, 0);
    }

    /** H_aa += M (d×d row-major, symmetric). */
    void addDiagonal(int a, double[] m) {
        int pa = factor.position(a);
        int o = diagonalPosition[pa * d];
        int ld = factor.leadingDimension(pa);
        for (int c = 0; c < d; c++) {
            for (int r = c; r < d; r++) {
                assembled[o + c * ld + r] += m[r * d + c];
            }
        }
    }

    /** H_ab += M (d×d row-major), and by symmetry H_ba += Mᵀ. */
    void addOffDiagonal(int a, int b, int slot, double[] m) {
        int pa = factor.position(a), pb = factor.position(b);
        if (pa > pb) { // stored block is H_ab: row r of a, column c of b
            int ld = factor.leadingDimension(pb);
            for (int c = 0; c < d; c++) {
                for (int r = 0; r < d; r++) {
                    assembled[slot + c * ld + r] += m[r * d + c];
                }
            }
        } else { // stored block is H_ba = Mᵀ: row r of b, column c of a is M[c][r]
            int ld = factor.leadingDimension(pa);
            for (int c = 0; c < d; c++) {
                for (int r = 0; r < d; r++) {
                    assembled[slot + c * ld + r] += m[c * d + r];
                }
            }
        }
    }

    /** Diagonal entry k of block {@code block} of the assembled H. */
    double diagonal(int block, int k) {
        return assembled[diagonalPosition[factor.position(block) * d + k]];
    }

    /** Remembers the assembled diagonal so {@link #factor} can damp it repeatedly. */
    void finishAssembly() {
        for (int k = 0; k < undampedDiagonal.length; k++) {
            undampedDiagonal[k] = assembled[diagonalPosition[k]];
        }
    }

    /**
     * Factors H + λ·D with D = diag(H) clamped to [1e-6, 1e32] (Marquardt's scaling, as Ceres).
     *
     * @return false when the matrix is not positive definite
     */
    boolean factor(double lambda) {
        double[] l = factor.values();
        System.arraycopy(assembled, 0, l, 0, l.length);
        for (int k = 0; k < undampedDiagonal.length; k++) {
            double h = undampedDiagonal[k];
            l[diagonalPosition[k]] = h + lambda * damping(h);
        }
        return factor.factor();
    }

    /** δᵀ·D·δ for the damping matrix of {@link #factor}, δ in block order. */
    double dampingNorm(double[] delta) {
        double s = 0;
        for (int blk = 0; blk < blocks; blk++) {
            int p = factor.position(blk);
            for (int k = 0; k < d; k++) {
                double v = delta[blk * d + k];
                s += damping(undampedDiagonal[p * d + k]) * v * v;
            }
        }
        return s;
    }

    /** Solves with the last factorization; rhs and out are in block order and may alias. */
    void solve(double[] rhs, double[] out) {
        for (int blk = 0; blk < blocks; blk++) {
            System.arraycopy(rhs, blk * d, work, factor.position(blk) * d, d);
        }
        factor.solve(work);
        for (int blk = 0; blk < blocks; blk++) {
            System.arraycopy(work, factor.position(blk) * d, out, blk * d, d);
        }
    }

    /**
     * H + λ·D in elimination order as CSparse's upper-triangular CSC matrix (the entries of H's
     * pattern only), to compare this factorization with CSparse's on the same matrix.
     */
    Dcs toCsparseUpper(double lambda) {
        int n = size();
        int nnz = 0;
        for (int[] nb : neighbours) {
            nnz += nb.length * d * d;
        }
        nnz = nnz / 2 + blocks * d * (d + 1) / 2;
        Dcs lower = Dcs_util.cs_spalloc(n, n, Math.max(nnz, 1), true, false);
        int[] blockAt = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            blockAt[factor.position(b)] = b;
        }
        int pos = 0;
        for (int col = 0; col < blocks; col++) {
            int diagonalBlock = col;
            int[] below =
                    Arrays.stream(neighbours[blockAt[col]])
                            .map(factor::position)
                            .filter(p -> p > diagonalBlock)
                            .sorted()
                            .toArray();
            int ld = factor.leadingDimension(col);
            for (int c = 0; c < d; c++) {
                lower.p[col * d + c] = pos;
                int o = diagonalPosition[col * d + c];
                for (int r = c; r < d; r++) {
                    lower.i[pos] = col * d + r;
                    double h = assembled[o + r - c];
                    lower.x[pos++] = r == c ? h + lambda * damping(h) : h;
                }
                for (int row : below) {
                    int ob = factor.blockOffset(row, col) + c * ld;
                    for (int r = 0; r < d; r++) {
                        lower.i[pos] = row * d + r;
                        lower.x[pos++] = assembled[ob + r];
                    }
                }
            }
        }
        lower.p[n] = pos;
        return Dcs_transpose.cs_transpose(lower, true);
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
