package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;

import edu.emory.mathcs.csparsej.tdouble.Dcs_cholsol;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The supernodal factorization against a dense EJML solve and CSparse's sparse one on random
 * symmetric positive-definite block-sparse systems: random block sizes, chains with random extra
 * couplings (repeated pairs, both orientations), several refactorizations of one structure.
 */
class SupernodalCholeskyProperties {

    @Property(tries = 150)
    void solvesLikeDenseAndLikeCsparse(
            @ForAll @IntRange(min = 1, max = 60) int blocks,
            @ForAll @IntRange(min = 0, max = 3) int blockSizeChoice,
            @ForAll @IntRange(min = 0, max = 120) int extraCouplings,
            @ForAll long seed) {
        int d = new int[] {1, 2, 3, 6}[blockSizeChoice];
        Random rnd = new Random(seed);
        int pairs = Math.max(0, blocks - 1) + (blocks > 1 ? extraCouplings : 0);
        int[] a = new int[pairs], b = new int[pairs];
        for (int k = 0; k < pairs; k++) {
            if (k < blocks - 1) { // a chain keeps the system connected like odometry
                a[k] = k;
                b[k] = k + 1;
            } else {
                a[k] = rnd.nextInt(blocks);
                do {
                    b[k] = rnd.nextInt(blocks);
                } while (b[k] == a[k]);
            }
        }
        BlockSparseCholesky system = new BlockSparseCholesky(blocks, d, a, b);
        int n = blocks * d;
        for (int round = 0; round < 2; round++) {
            DMatrixRMaj dense = new DMatrixRMaj(n, n);
            system.setZero();
            for (int k = 0; k < pairs; k++) {
                double[] ja = random(rnd, d), jb = random(rnd, d);
                double[] hab = tmul(ja, jb, d);
                system.addDiagonal(a[k], tmul(ja, ja, d));
                system.addDiagonal(b[k], tmul(jb, jb, d));
                system.addOffDiagonal(a[k], b[k], system.couplingSlot(a[k], b[k]), hab);
                addDense(dense, a[k], a[k], tmul(ja, ja, d), d);
                addDense(dense, b[k], b[k], tmul(jb, jb, d), d);
                addDense(dense, a[k], b[k], hab, d);
                addDense(dense, b[k], a[k], transpose(hab, d), d);
            }
            for (int i = 0; i < blocks; i++) { // a prior on every pose keeps H definite
                double[] j = random(rnd, d);
                system.addDiagonal(i, tmul(j, j, d));
                addDense(dense, i, i, tmul(j, j, d), d);
                double[] eye = new double[d * d];
                for (int k = 0; k < d; k++) {
                    eye[k * d + k] = 0.1;
                }
                system.addDiagonal(i, eye);
                addDense(dense, i, i, eye, d);
            }
            system.finishAssembly();
            double lambda = round == 0 ? 0 : 1e-3;
            for (int k = 0; k < n; k++) {
                double h = dense.get(k, k);
                dense.set(k, k, h + lambda * Math.min(Math.max(h, 1e-6), 1e32));
            }
            double[] rhs = new double[n];
            for (int k = 0; k < n; k++) {
                rhs[k] = rnd.nextGaussian();
            }
            assertThat(system.factor(lambda)).isTrue();
            double[] x = new double[n];
            system.solve(rhs, x);

            DMatrixRMaj expected = new DMatrixRMaj(n, 1);
            assertThat(CommonOps_DDRM.solve(dense, new DMatrixRMaj(n, 1, true, rhs), expected))
                    .isTrue();
            double scale = CommonOps_DDRM.elementMaxAbs(expected);
            for (int k = 0; k < n; k++) {
                assertThat(Math.abs(x[k] - expected.get(k))).isLessThan(1e-8 * (1 + scale));
            }

            Dcs upper = system.toCsparseUpper(lambda);
            double[] csparse = new double[n];
            for (int k = 0; k < n; k++) {
                csparse[system.elimination(k)] = rhs[k];
            }
            assertThat(Dcs_cholsol.cs_cholsol(1, upper, csparse)).isTrue();
            for (int k = 0; k < n; k++) {
                assertThat(Math.abs(x[k] - csparse[system.elimination(k)]))
                        .isLessThan(1e-8 * (1 + scale));
            }
        }
    }

    @Property(tries = 50)
    void reportsAnIndefiniteMatrix(
            @ForAll @IntRange(min = 1, max = 30) int blocks,
            @ForAll @IntRange(min = 1, max = 6) int d,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        int[] a = new int[Math.max(0, blocks - 1)], b = new int[a.length];
        for (int k = 0; k < a.length; k++) {
            a[k] = k;
            b[k] = k + 1;
        }
        BlockSparseCholesky system = new BlockSparseCholesky(blocks, d, a, b);
        system.setZero();
        int bad = rnd.nextInt(blocks);
        for (int i = 0; i < blocks; i++) {
            double[] m = new double[d * d];
            for (int k = 0; k < d; k++) {
                m[k * d + k] = i == bad && k == d - 1 ? -1 : 1;
            }
            system.addDiagonal(i, m);
        }
        system.finishAssembly();
        assertThat(system.factor(0)).isFalse();
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
