package io.edgeflow.slam.posegraph;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Absolute trajectory error: RMSE of the position differences after the rigid alignment (Horn /
 * Umeyama, no scale) that best maps the estimate onto the ground truth. Poses are matched by id;
 * ids missing from either graph are ignored.
 */
public final class AbsoluteTrajectoryError {
    private AbsoluteTrajectoryError() {}

    public static double rmse(PoseGraph estimate, PoseGraph truth) {
        int d = estimate.space().spatialDim;
        if (truth.space().spatialDim != d) {
            throw new IllegalArgumentException("estimate and truth differ in dimension");
        }
        int n = 0;
        double[] ce = new double[d], ct = new double[d];
        for (int i = 0; i < estimate.poseCount(); i++) {
            long id = estimate.id(i);
            if (truth.hasPose(id)) {
                double[] e = estimate.translation(i), t = truth.translation(truth.index(id));
                for (int a = 0; a < d; a++) {
                    ce[a] += e[a];
                    ct[a] += t[a];
                }
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("estimate and truth share no pose ids");
        }
        for (int a = 0; a < d; a++) {
            ce[a] /= n;
            ct[a] /= n;
        }
        // cross-covariance H = Σ (t − c_t)(e − c_e)ᵀ, R = U·diag(1, …, det UVᵀ)·Vᵀ
        DMatrixRMaj h = new DMatrixRMaj(d, d);
        for (int i = 0; i < estimate.poseCount(); i++) {
            long id = estimate.id(i);
            if (truth.hasPose(id)) {
                double[] e = estimate.translation(i), t = truth.translation(truth.index(id));
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        h.add(a, b, (t[a] - ct[a]) * (e[b] - ce[b]));
                    }
                }
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(d, d, true, true, false);
        if (!svd.decompose(h.copy())) {
            throw new ArithmeticException("SVD failed in trajectory alignment");
        }
        DMatrixRMaj u = svd.getU(null, false), v = svd.getV(null, false), w = svd.getW(null);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        DMatrixRMaj r = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(u, v, r);
        if (CommonOps_DDRM.det(r) < 0) {
            for (int a = 0; a < d; a++) {
                u.set(a, d - 1, -u.get(a, d - 1));
            }
            CommonOps_DDRM.multTransB(u, v, r);
        }
        double sum = 0;
        for (int i = 0; i < estimate.poseCount(); i++) {
            long id = estimate.id(i);
            if (truth.hasPose(id)) {
                double[] e = estimate.translation(i), t = truth.translation(truth.index(id));
                for (int a = 0; a < d; a++) {
                    double p = ct[a];
                    for (int b = 0; b < d; b++) {
                        p += r.get(a, b) * (e[b] - ce[b]);
                    }
                    sum += (p - t[a]) * (p - t[a]);
                }
            }
        }
        return Math.sqrt(sum / n);
    }
}
