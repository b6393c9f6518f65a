package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class BlockSparseCholeskyTest {

    @Test
    void solvesLikeADenseSolveAndReusesTheSymbolicAnalysis() {
        int blocks = 12, d = 3;
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 3, 7, 2};
        int[] b = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 9, 2, 3}; // repeated pair 2-3
        BlockSparseCholesky system = new BlockSparseCholesky(blocks, d, a, b);
        Random rnd = new Random(7);
        for (int round = 0; round < 3; round++) { // same structure, new numbers each round
            DMatrixRMaj dense = new DMatrixRMaj(blocks * d, blocks * d);
            system.setZero();
            for (int k = 0; k < a.length; k++) {
                // each coupling contributes JᵀJ of a random J = [J_a J_b], so H stays SPD
                double[] ja = random(rnd, d), jb = random(rnd, d);
                double[] haa = tmul(ja, ja, d), hbb = tmul(jb, jb, d), hab = tmul(ja, jb, d);
                system.addDiagonal(a[k], haa);
                system.addDiagonal(b[k], hbb);
                system.addOffDiagonal(a[k], b[k], system.couplingSlot(a[k], b[k]), hab);
                addDense(dense, a[k], a[k], haa, d);
                addDense(dense, b[k], b[k], hbb, d);
                addDense(dense, a[k], b[k], hab, d);
                addDense(dense, b[k], a[k], transpose(hab, d), d);
            }
            for (int i = 0; i < blocks; i++) { // regularize so the system is definite
                double[] eye = new double[d * d];
                for (int k = 0; k < d; k++) {
                    eye[k * d + k] = 0.5;
                }
                system.addDiagonal(i, eye);
                addDense(dense, i, i, eye, d);
            }
            system.finishAssembly();
            double[] rhs = new double[blocks * d];
            for (int k = 0; k < rhs.length; k++) {
                rhs[k] = rnd.nextGaussian();
            }
            assertThat(system.factor(0)).isTrue();
            double[] x = new double[rhs.length];
            system.solve(rhs, x);
            DMatrixRMaj expected = new DMatrixRMaj(rhs.length, 1);
            assertThat(
                            CommonOps_DDRM.solve(
                                    dense, new DMatrixRMaj(rhs.length, 1, true, rhs), expected))
                    .isTrue();
            for (int k = 0; k < rhs.length; k++) {
                assertThat(x[k]).isCloseTo(expected.get(k), offset(1e-8));
            }
        }
    }

    private static double[] random(Random rnd, int d) {
        double[] m = new double[d * d];
        for (int k = 0; k < m.length; k++) {
            m[k] = rnd.nextGaussian();
        }
        return m;
    }

    private static double[] tmul(double[] x, double[] y, int d) {
        double[] out = new double[d * d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                for (int k = 0; k < d; k++) {
                    out[r * d + c] += x[k * d + r] * y[k * d + c];
                }
            }
        }
        return out;
    }

    private static double[] transpose(double[] m, int d) {
        double[] t = new double[d * d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                t[c * d + r] = m[r * d + c];
            }
        }
        return t;
    }

    private static void addDense(DMatrixRMaj dense, int bi, int bj, double[] m, int d) {
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                dense.add(bi * d + r, bj * d + c, m[r * d + c]);
            }
        }
    }
}
