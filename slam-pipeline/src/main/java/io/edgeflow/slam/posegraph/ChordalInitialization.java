package io.edgeflow.slam.posegraph;

import io.edgeflow.slam.geometry.SO3;
import java.util.Arrays;
import java.util.List;

/**
 * Chordal relaxation initialization (Carlone, Tron, Daniilidis, Dellaert, ICRA 2015).
 *
 * <ol>
 *   <li>Rotations: drop the constraint R ∈ SO(d) and solve the linear least-squares problem min Σ
 *       κ_ij·‖R_j − R_i·R̃_ij‖²_F with the first rotation fixed to the identity. Each row of the
 *       rotations decouples into the same sparse system (one factorization, d right-hand sides);
 *       every estimate is then projected back onto SO(d).
 *   <li>Translations: with rotations fixed the residual R̃ᵀ(R_iᵀ(t_j − t_i) − t̃) is linear in t;
 *       solve its weighted least squares with the translational information block.
 * </ol>
 *
 * Unlike odometry chaining, the rotation estimate uses every loop closure at once, so it lands in
 * the basin of the global optimum on graphs (MIT, torus, cubicle) where chaining does not.
 */
public final class ChordalInitialization {
    private ChordalInitialization() {}

    /** Overwrites every pose except the first with the chordal estimate. */
    public static void apply(PoseGraph graph) {
        if (graph.poseCount() < 2) {
            return;
        }
        SpanningTreeInitialization.checkConnected(graph);
        // both systems have the same structure: one layout serves both
        BlockSparseCholesky system = system(graph);
        estimateRotations(graph, null, system);
        estimateTranslations(graph, null, system);
    }

    /**
     * Rotations only: the weighted linear least squares, each estimate projected onto SO(d).
     *
     * @param weights per between factor, scaling its κ (0 leaves it out), or null for all ones; the
     *     edges of positive weight must connect the graph
     */
    static void estimateRotations(PoseGraph graph, double[] weights) {
        estimateRotations(graph, weights, system(graph));
    }

    private static void estimateRotations(
            PoseGraph graph, double[] weights, BlockSparseCholesky system) {
        PoseSpace space = graph.space();
        int d = space.spatialDim;
        int n = graph.poseCount();
        List<BetweenFactor> factors = graph.betweenFactors();
        double[] rz = new double[d * d];
        double[] block = new double[d * d];
        double[][] rhs = new double[d][(n - 1) * d];
        system.setZero();
        for (int e = 0; e < factors.size(); e++) {
            double w = weights == null ? 1 : weights[e];
            if (w != 0) {
                addRotationTerms(space, factors.get(e), w, system, rhs, rz, block);
            }
        }
        system.finishAssembly();
        if (!system.factor(0)) {
            throw new IllegalStateException("chordal rotation system is not positive definite");
        }
        for (int k = 0; k < d; k++) {
            system.solve(rhs[k], rhs[k]);
        }
        double[] x = graph.state();
        int s = space.stride;
        double[] m = new double[9];
        // the system fixed R_0 = I; the constraints are left-invariant, so R_i = R_0·R_i'
        double theta0 = x[2];
        double[] r0 = d == 3 ? Arrays.copyOfRange(x, 3, 12) : null;
        for (int i = 1; i < n; i++) {
            int v = i - 1;
            if (d == 2) {
                // rows (c, −s) and (s, c): average the two estimates of (c, s), take the angle
                double c = rhs[0][v * 2] + rhs[1][v * 2 + 1];
                double sn = rhs[1][v * 2] - rhs[0][v * 2 + 1];
                x[i * s + 2] = io.edgeflow.slam.geometry.SE2.wrapAngle(theta0 + Math.atan2(sn, c));
            } else {
                for (int k = 0; k < 3; k++) {
                    for (int a = 0; a < 3; a++) {
                        m[k * 3 + a] = rhs[k][v * 3 + a];
                    }
                }
                SO3.multiply(r0, 0, SO3.project(m).matrix(), 0, x, i * s + 3);
            }
        }
    }

    /**
     * One edge's terms of the rotation system: residual (row k) x_jᵀ − R̃ᵀ·x_iᵀ, so H_ii = H_jj =
     * κI, H_ij = −κ·R̃, and the fixed first rotation's terms in the right-hand sides. A method per
     * edge so a fresh JVM compiles it within the first few hundred edges.
     */
    private static void addRotationTerms(
            PoseSpace space,
            BetweenFactor f,
            double w,
            BlockSparseCholesky system,
            double[][] rhs,
            double[] rz,
            double[] block) {
        int d = space.spatialDim;
        double kappa = w * SeSyncObjective.weights(space, f.information()).kappa();
        rotation(space, f.measured(), rz);
        int vi = f.from() - 1, vj = f.to() - 1;
        Arrays.fill(block, 0);
        for (int a = 0; a < d; a++) {
            block[a * d + a] = kappa;
        }
        if (vi >= 0) {
            system.addDiagonal(vi, block);
        }
        if (vj >= 0) {
            system.addDiagonal(vj, block);
        }
        if (vi >= 0 && vj >= 0) {
            for (int a = 0; a < d * d; a++) {
                block[a] = -kappa * rz[a];
            }
            system.addOffDiagonal(vi, vj, system.couplingSlot(vi, vj), block);
        } else if (vi < 0) {
            // R_i = I: b_j += κ·R̃ᵀ·e_k, i.e. row k of R̃ for unknown row k
            for (int k = 0; k < d; k++) {
                for (int a = 0; a < d; a++) {
                    rhs[k][vj * d + a] += kappa * rz[k * d + a];
                }
            }
        } else {
            // R_j = I: b_i += κ·R̃·e_k, i.e. column k of R̃
            for (int k = 0; k < d; k++) {
                for (int a = 0; a < d; a++) {
                    rhs[k][vi * d + a] += kappa * rz[a * d + k];
                }
            }
        }
    }

    /**
     * Weighted least squares for the translations with the rotations held fixed.
     *
     * @param weights per between factor, scaling its information (0 leaves it out), or null
     */
    static void estimateTranslations(PoseGraph graph, double[] weights) {
        estimateTranslations(graph, weights, system(graph));
    }

    private static void estimateTranslations(
            PoseGraph graph, double[] weights, BlockSparseCholesky system) {
        PoseSpace space = graph.space();
        int d = space.spatialDim;
        int n = graph.poseCount();
        List<BetweenFactor> factors = graph.betweenFactors();
        double[] rhs = new double[(n - 1) * d];
        double[] x = graph.state();
        int s = space.stride;
        TranslationScratch t = new TranslationScratch(d);
        system.setZero();
        for (int e = 0; e < factors.size(); e++) {
            double weight = weights == null ? 1 : weights[e];
            if (weight != 0) {
                addTranslationTerms(space, x, factors.get(e), weight, system, rhs, t);
            }
        }
        system.finishAssembly();
        if (!system.factor(0)) {
            throw new IllegalStateException("chordal translation system is not positive definite");
        }
        system.solve(rhs, rhs);
        double[] anchor = Arrays.copyOfRange(x, 0, d);
        for (int i = 1; i < n; i++) {
            for (int a = 0; a < d; a++) {
                x[i * s + a] = anchor[a] + rhs[(i - 1) * d + a];
            }
        }
    }

    /** The d×d and d-vector temporaries of one edge's translation terms. */
    private static final class TranslationScratch {
        final double[] ri, rz, m, w, wm, mtwm, neg, c, wc;

        TranslationScratch(int d) {
            ri = new double[d * d];
            rz = new double[d * d];
            m = new double[d * d]; // M = R̃ᵀ·R_iᵀ
            w = new double[d * d];
            wm = new double[d * d];
            mtwm = new double[d * d];
            neg = new double[d * d];
            c = new double[d];
            wc = new double[d];
        }
    }

    /**
     * One edge's terms of the translation system: residual r = M·(t_j − t_i) + c with M = R̃ᵀ·R_iᵀ
     * and c = −R̃ᵀ·t̃, weighted by the translational information block.
     */
    private static void addTranslationTerms(
            PoseSpace space,
            double[] x,
            BetweenFactor f,
            double weight,
            BlockSparseCholesky system,
            double[] rhs,
            TranslationScratch t) {
        int d = space.spatialDim;
        int nt = space.tangentDim;
        double[] ri = t.ri, rz = t.rz, m = t.m, w = t.w, wm = t.wm, mtwm = t.mtwm, c = t.c;
        double[] wc = t.wc;
        rotation(space, f.measured(), rz);
        rotationAt(space, x, f.from() * space.stride, ri);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += rz[k * d + a] * ri[b * d + k];
                }
                m[a * d + b] = acc;
                w[a * d + b] = weight * f.information()[a * nt + b];
            }
        }
        for (int a = 0; a < d; a++) {
            double acc = 0;
            for (int k = 0; k < d; k++) {
                acc -= rz[k * d + a] * f.measured()[k];
            }
            c[a] = acc;
        }
        mul(w, m, wm, d);
        tmul(m, wm, mtwm, d); // MᵀWM
        for (int a = 0; a < d; a++) {
            double acc = 0;
            for (int k = 0; k < d; k++) {
                acc += w[a * d + k] * c[k];
            }
            wc[a] = acc;
        }
        int vi = f.from() - 1, vj = f.to() - 1;
        if (vi >= 0) {
            system.addDiagonal(vi, mtwm);
        }
        if (vj >= 0) {
            system.addDiagonal(vj, mtwm);
        }
        if (vi >= 0 && vj >= 0) {
            for (int a = 0; a < d * d; a++) {
                t.neg[a] = -mtwm[a];
            }
            system.addOffDiagonal(vi, vj, system.couplingSlot(vi, vj), t.neg);
        }
        // b = −Σ Aᵀ W c with A_i = −M, A_j = M; the anchor's t = 0 adds nothing else
        for (int a = 0; a < d; a++) {
            double acc = 0;
            for (int k = 0; k < d; k++) {
                acc += m[k * d + a] * wc[k];
            }
            if (vi >= 0) {
                rhs[vi * d + a] += acc;
            }
            if (vj >= 0) {
                rhs[vj * d + a] -= acc;
            }
        }
    }

    /**
     * Per between factor, the error of the rotation stage at the current rotations: κ·‖R_j −
     * R_i·R̃_ij‖²_F, distributed about as 2·χ²(1) in 2D and χ²(3) in 3D for a correct edge.
     */
    static double[] rotationErrors(PoseGraph graph) {
        PoseSpace space = graph.space();
        int d = space.spatialDim;
        int s = space.stride;
        double[] x = graph.state();
        double[] ri = new double[d * d];
        double[] rj = new double[d * d];
        double[] rz = new double[d * d];
        List<BetweenFactor> factors = graph.betweenFactors();
        double[] out = new double[factors.size()];
        int e = 0;
        for (BetweenFactor f : factors) {
            double kappa = SeSyncObjective.weights(space, f.information()).kappa();
            rotationAt(space, x, f.from() * s, ri);
            rotationAt(space, x, f.to() * s, rj);
            rotation(space, f.measured(), rz);
            double sum = 0;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double acc = 0;
                    for (int k = 0; k < d; k++) {
                        acc += ri[a * d + k] * rz[k * d + b];
                    }
                    double diff = rj[a * d + b] - acc;
                    sum += diff * diff;
                }
            }
            out[e++] = kappa * sum;
        }
        return out;
    }

    /**
     * Per between factor, the error of the translation stage at the current poses: rᵀ·Ω_tt·r with r
     * = R̃ᵀ·(R_iᵀ·(t_j − t_i) − t̃), a χ²(d) for a correct edge.
     */
    static double[] translationErrors(PoseGraph graph) {
        PoseSpace space = graph.space();
        int d = space.spatialDim;
        int nt = space.tangentDim;
        int s = space.stride;
        double[] x = graph.state();
        double[] ri = new double[d * d];
        double[] rz = new double[d * d];
        double[] u = new double[d];
        double[] r = new double[d];
        List<BetweenFactor> factors = graph.betweenFactors();
        double[] out = new double[factors.size()];
        int e = 0;
        for (BetweenFactor f : factors) {
            rotationAt(space, x, f.from() * s, ri);
            rotation(space, f.measured(), rz);
            double[] z = f.measured();
            for (int a = 0; a < d; a++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += ri[k * d + a] * (x[f.to() * s + k] - x[f.from() * s + k]);
                }
                u[a] = acc - z[a];
            }
            for (int a = 0; a < d; a++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += rz[k * d + a] * u[k];
                }
                r[a] = acc;
            }
            double chi = 0;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    chi += r[a] * f.information()[a * nt + b] * r[b];
                }
            }
            out[e++] = chi;
        }
        return out;
    }

    /** The linear system on every pose but the first, one d×d block per pose. */
    private static BlockSparseCholesky system(PoseGraph graph) {
        return graph.eliminationStructure().newSystem(graph.space().spatialDim);
    }

    private static void rotation(PoseSpace space, double[] z, double[] out) {
        rotationAt(space, z, 0, out);
    }

    private static void rotationAt(PoseSpace space, double[] x, int o, double[] out) {
        if (space == PoseSpace.SE2) {
            double c = Math.cos(x[o + 2]), s = Math.sin(x[o + 2]);
            out[0] = c;
            out[1] = -s;
            out[2] = s;
            out[3] = c;
        } else {
            System.arraycopy(x, o + 3, out, 0, 9);
        }
    }

    private static void mul(double[] a, double[] b, double[] out, int d) {
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += a[r * d + k] * b[k * d + c];
                }
                out[r * d + c] = acc;
            }
        }
    }

    private static void tmul(double[] a, double[] b, double[] out, int d) {
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += a[k * d + r] * b[k * d + c];
                }
                out[r * d + c] = acc;
            }
        }
    }
}
