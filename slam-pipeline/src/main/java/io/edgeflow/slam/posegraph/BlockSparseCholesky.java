package io.edgeflow.slam.posegraph;

import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_transpose;
import edu.emory.mathcs.csparsej.tdouble.Dcs_util;
import java.util.Arrays;

/**
 * A symmetric positive-definite system H·x = b whose unknowns come in blocks of d (one per pose)
 * and whose sparsity is fixed by which blocks are coupled, solved by a supernodal Cholesky
 * factorization ({@link SupernodalCholesky}) in CSparse's AMD order.
 *
 * <p>Everything that depends on the structure alone is done once: the AMD fill-reducing ordering
 * (computed on the block graph, which is d² times smaller than the scalar one and keeps each pose's
 * unknowns together) and the symbolic analysis ({@link EliminationStructure}, shared by systems of
 * any block size on the same graph), then in the constructor the layout of L and where each block
 * of H goes in it. H is assembled into a compact array of its own blocks (diagonal blocks by pose,
 * then one block per coupled pair), which stays in cache while the factors are added up; each
 * factorization scatters it into L, damping the diagonal on the way.
 */
final class BlockSparseCholesky {
    private final int d;
    private final int blocks;
    private final int[][] neighbours; // per block: the blocks it is coupled with, ascending
    private final int[] firstSlot; // per block a: slot of its first coupling with some b > a
    private final SupernodalCholesky factor;
    private final double[] assembled; // H's blocks: d×d row-major, diagonal ones first
    private final int[] target; // per block of assembled: offset of its block in L
    private final int[] targetStride; // per block of assembled: L's leading dimension there
    private final boolean[] transposed; // per coupling block: L holds H_ab's transpose
    private final double[] undampedDiagonal; // block order
    private final double[] work;

    /**
     * @param blocks number of block unknowns
     * @param d block size
     * @param coupledA first blocks of the coupled pairs (off-diagonal blocks of H)
     * @param coupledB second blocks of the coupled pairs; pairs may repeat, a ≠ b
     */
    BlockSparseCholesky(int blocks, int d, int[] coupledA, int[] coupledB) {
        this(d, EliminationStructure.of(blocks, coupledA, coupledB));
    }

    /** A system of block size d on an analysed block graph. */
    BlockSparseCholesky(int d, EliminationStructure structure) {
        this.d = d;
        this.blocks = structure.blocks;
        neighbours = structure.neighbours;
        factor = new SupernodalCholesky(d, structure);
        firstSlot = new int[blocks + 1];
        for (int a = 0; a < blocks; a++) {
            int above = 0;
            for (int b : neighbours[a]) {
                above += b > a ? 1 : 0;
            }
            firstSlot[a + 1] = firstSlot[a] + above;
        }
        int slots = firstSlot[blocks];
        assembled = new double[(blocks + slots) * d * d];
        target = new int[blocks + slots];
        targetStride = new int[blocks + slots];
        transposed = new boolean[slots];
        for (int a = 0; a < blocks; a++) {
            locateBlocks(a);
        }
        undampedDiagonal = new double[blocks * d];
        work = new double[blocks * d];
    }

    /** Where block a's diagonal block and its couplings with the blocks after it go in L. */
    private void locateBlocks(int a) {
        int pa = factor.position(a);
        target[a] = factor.blockOffset(pa, pa);
        targetStride[a] = factor.leadingDimension(pa);
        int slot = firstSlot[a];
        for (int b : neighbours[a]) {
            if (b > a) {
                int pb = factor.position(b);
                int row = Math.max(pa, pb), col = Math.min(pa, pb);
                target[blocks + slot] = factor.blockOffset(row, col);
                targetStride[blocks + slot] = factor.leadingDimension(col);
                transposed[slot++] = pb > pa; // L holds H_ba = H_abᵀ
            }
        }
    }

    int size() {
        return blocks * d;
    }

    /** Entries stored for L (from the symbolic analysis). */
    long factorNonZeros() {
        return factor.factorNonZeros();
    }

    /**
     * Where the block coupling {@code a} and {@code b} is kept; call once per structure and pass to
     * {@link #addOffDiagonal}.
     */
    int couplingSlot(int a, int b) {
        int lo = Math.min(a, b), hi = Math.max(a, b);
        int[] nb = neighbours[lo];
        int rank = Arrays.binarySearch(nb, hi);
        if (rank < 0 || lo == hi) {
            throw new IllegalArgumentException("blocks " + a + ", " + b + " are not coupled");
        }
        int firstAbove = -Arrays.binarySearch(nb, lo) - 1; // lo itself is never its neighbour
        return firstSlot[lo] + rank - firstAbove;
    }

    void setZero() {
        Arrays.fill(assembled, 0);
    }

    /** H_aa += M (d×d row-major, symmetric). */
    void addDiagonal(int a, double[] m) {
        int o = a * d * d;
        for (int k = 0; k < d * d; k++) {
            assembled[o + k] += m[k];
        }
    }

    /** H_ab += M (d×d row-major), and by symmetry H_ba += Mᵀ. */
    void addOffDiagonal(int a, int b, int slot, double[] m) {
        int o = (blocks + slot) * d * d;
        if (a < b) { // the slot keeps H_ab for a < b
            for (int k = 0; k < d * d; k++) {
                assembled[o + k] += m[k];
            }
        } else {
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    assembled[o + c * d + r] += m[r * d + c];
                }
            }
        }
    }

    /** Diagonal entry k of block {@code block} of the assembled H. */
    double diagonal(int block, int k) {
        return assembled[block * d * d + k * d + k];
    }

    /** Remembers the assembled diagonal so {@link #factor} can damp it repeatedly. */
    void finishAssembly() {
        for (int k = 0; k < undampedDiagonal.length; k++) {
            undampedDiagonal[k] = diagonal(k / d, k % d);
        }
    }

    /**
     * Factors H + λ·D with D = diag(H) clamped to [1e-6, 1e32] (Marquardt's scaling, as Ceres).
     *
     * @return false when the matrix is not positive definite
     */
    boolean factor(double lambda) {
        scatterDamped(lambda);
        return factor.factor();
    }

    /** Writes H + λ·D into L's layout (its lower triangle), the input of the factorization. */
    private void scatterDamped(double lambda) {
        Arrays.fill(factor.values(), 0);
        for (int a = 0; a < blocks; a++) {
            scatterDiagonal(a, lambda);
        }
        for (int slot = 0; slot < transposed.length; slot++) {
            scatterCoupling(slot);
        }
    }

    private void scatterDiagonal(int a, double lambda) {
        double[] l = factor.values();
        int to = target[a], ld = targetStride[a], from = a * d * d;
        for (int c = 0; c < d; c++) {
            for (int r = c; r < d; r++) {
                l[to + c * ld + r] = assembled[from + r * d + c];
            }
            double h = undampedDiagonal[a * d + c];
            l[to + c * ld + c] = h + lambda * damping(h);
        }
    }

    private void scatterCoupling(int slot) {
        double[] l = factor.values();
        int to = target[blocks + slot], ld = targetStride[blocks + slot];
        int from = (blocks + slot) * d * d;
        // L's block at column c, row r is H_ab(r, c), or H_ab(c, r) when L holds H_ba
        int rowStep = transposed[slot] ? 1 : d, columnStep = transposed[slot] ? d : 1;
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                l[to + c * ld + r] = assembled[from + r * rowStep + c * columnStep];
            }
        }
    }

    /** δᵀ·D·δ for the damping matrix of {@link #factor}, δ in block order. */
    double dampingNorm(double[] delta) {
        double s = 0;
        for (int k = 0; k < delta.length; k++) {
            s += damping(undampedDiagonal[k]) * delta[k] * delta[k];
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

    /** Position in elimination order of scalar unknown {@code k} (block order). */
    int elimination(int k) {
        return factor.position(k / d) * d + k % d;
    }

    /**
     * H + λ·D in elimination order as CSparse's upper-triangular CSC matrix (H's blocks only), to
     * compare this factorization with CSparse's on the same matrix.
     */
    Dcs toCsparseUpper(double lambda) {
        scatterDamped(lambda);
        double[] l = factor.values();
        int n = size();
        int nnz = (firstSlot[blocks] * d * d) + blocks * d * (d + 1) / 2;
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
                for (int row = col; row < blocks; row = nextRow(below, row)) {
                    int o = factor.blockOffset(row, col) + c * ld;
                    for (int r = row == col ? c : 0; r < d; r++) {
                        lower.i[pos] = row * d + r;
                        lower.x[pos++] = l[o + r];
                    }
                }
            }
        }
        lower.p[n] = pos;
        return Dcs_transpose.cs_transpose(lower, true);
    }

    /** The next of the ascending rows after {@code row}, or past the end. */
    private int nextRow(int[] rows, int row) {
        int k = Arrays.binarySearch(rows, row);
        int next = k >= 0 ? k + 1 : -k - 1;
        return next < rows.length ? rows[next] : blocks;
    }

    private static double damping(double h) {
        return Math.min(Math.max(h, 1e-6), 1e32);
    }
}
