package io.edgeflow.slam.posegraph;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Makes information matrices usable for χ²: under an indefinite Ω the χ² is unbounded below, and
 * some published graphs (cubicle: 5021 of 16869 edges) carry such matrices. SE-Sync's objective
 * only uses the traces of the blocks' inverses and keeps the matrices as published.
 */
public final class PositiveDefiniteInformation {
    private PositiveDefiniteInformation() {}

    /**
     * The nearest positive-definite matrix (eigenvalues clipped from below at 1e-9 of the largest
     * one), or null when m already is positive definite. Some published graphs (cubicle) carry
     * indefinite information matrices, under which χ² is unbounded below.
     */
    public static double[] nearest(double[] m, int d) {
        if (clearlyPositiveDefinite(m, d)) {
            return null;
        }
        DMatrixRMaj a = new DMatrixRMaj(d, d, true, m);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(a.copy())) {
            throw new ArithmeticException("eigendecomposition failed");
        }
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < d; k++) {
            double v = eig.getEigenvalue(k).real;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        double floor = 1e-9 * max;
        if (min > floor) {
            return null;
        }
        double[] out = new double[d * d];
        for (int k = 0; k < d; k++) {
            double v = Math.max(eig.getEigenvalue(k).real, floor);
            DMatrixRMaj u = eig.getEigenVector(k);
            double n2 = 0;
            for (int r = 0; r < d; r++) {
                n2 += u.get(r) * u.get(r);
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    out[r * d + c] += v * u.get(r) * u.get(c) / n2;
                }
            }
        }
        // exact symmetry
        for (int r = 0; r < d; r++) {
            for (int c = r + 1; c < d; c++) {
                double avg = 0.5 * (out[r * d + c] + out[c * d + r]);
                out[r * d + c] = avg;
                out[c * d + r] = avg;
            }
        }
        return out;
    }

    /**
     * Whether m − s·I with s = 1e-9·trace(m) has a Cholesky factor: then every eigenvalue exceeds
     * s, and s ≥ 1e-9 of the largest one, so {@link #nearest} would leave m alone — decided without
     * an eigendecomposition for the usual well-conditioned matrix.
     */
    private static boolean clearlyPositiveDefinite(double[] m, int d) {
        double trace = 0;
        for (int k = 0; k < d; k++) {
            trace += m[k * d + k];
        }
        double shift = 1e-9 * trace;
        if (!(shift > 0)) {
            return false;
        }
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int i = j; i < d; i++) {
                double s = 0.5 * (m[i * d + j] + m[j * d + i]) - (i == j ? shift : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return false;
                    }
                    l[j * d + j] = Math.sqrt(s);
                } else {
                    l[i * d + j] = s / l[j * d + j];
                }
            }
        }
        return true;
    }

    /**
     * The graph itself when all its information matrices are positive definite, else a copy (same
     * poses) with each offending one replaced by its nearest positive-definite matrix.
     */
    public static PoseGraph repaired(PoseGraph graph) {
        int d = graph.space().tangentDim;
        PoseGraph copy = null;
        for (int k = 0; k < graph.edgeCount(); k++) {
            double[] fixed = nearest(graph.betweenFactors().get(k).information(), d);
            if (fixed != null) {
                if (copy == null) {
                    copy = graph.copy();
                }
                copy.replaceInformation(k, fixed);
            }
        }
        return copy == null ? graph : copy;
    }

    /** How many between factors have an information matrix that is not positive definite. */
    public static int countIndefinite(PoseGraph graph) {
        int d = graph.space().tangentDim;
        int n = 0;
        for (BetweenFactor f : graph.betweenFactors()) {
            n += nearest(f.information(), d) != null ? 1 : 0;
        }
        return n;
    }
}
