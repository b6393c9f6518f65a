package io.edgeflow.slam.posegraph;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * SE-Sync's objective (Rosen et al., IJRR 2019, eq. 13), the one whose global optimum the paper
 * certifies: F = Σ κ_ij·‖R_j − R_i·R̃_ij‖²_F + τ_ij·‖t_j − t_i − R_i·t̃_ij‖², with isotropic
 * weights derived from each edge's information matrix: τ = d / tr(Σ_t), κ = Ω_θθ in 2D and κ = 3 /
 * (2·tr(Σ_R)) in 3D, Σ_t and Σ_R being the inverses of the translational and rotational blocks.
 */
public final class SeSyncObjective {
    private SeSyncObjective() {}

    /** (κ, τ) of one information matrix. */
    public record Weights(double kappa, double tau) {}

    public static Weights weights(PoseSpace space, double[] information) {
        int d = space.spatialDim;
        int n = space.tangentDim;
        DMatrixRMaj t = block(information, n, 0, d);
        double tau = d / traceOfInverse(t);
        double kappa;
        if (space == PoseSpace.SE2) {
            kappa = information[8];
        } else {
            kappa = 3 / (2 * traceOfInverse(block(information, n, 3, 3)));
        }
        return new Weights(kappa, tau);
    }

    /** F at the graph's current poses. */
    public static double evaluate(PoseGraph graph) {
        PoseGraph iso = isotropic(graph);
        return new FactorResiduals(iso, RotationResidual.CHORD).cost(RobustKernel.QUADRATIC, null);
    }

    /**
     * A copy of the graph (same poses, same edges) whose χ² with {@link RotationResidual#CHORD} is
     * exactly F: information diag(τ·I_d, 2κ·I), since ‖R_j − R_i·R̃‖²_F = 2·‖chord‖².
     */
    public static PoseGraph isotropic(PoseGraph graph) {
        PoseGraph iso = graph.copy();
        PoseSpace space = graph.space();
        int n = space.tangentDim;
        int d = space.spatialDim;
        for (int k = 0; k < iso.edgeCount(); k++) {
            Weights w = weights(space, iso.betweenFactors().get(k).information());
            double[] omega = new double[n * n];
            for (int r = 0; r < n; r++) {
                omega[r * n + r] = r < d ? w.tau() : 2 * w.kappa();
            }
            iso.replaceInformation(k, omega);
        }
        return iso;
    }

    private static DMatrixRMaj block(double[] m, int n, int start, int size) {
        DMatrixRMaj b = new DMatrixRMaj(size, size);
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                b.set(r, c, m[(start + r) * n + start + c]);
            }
        }
        return b;
    }

    private static double traceOfInverse(DMatrixRMaj m) {
        DMatrixRMaj inv = new DMatrixRMaj(m.numRows, m.numCols);
        if (!CommonOps_DDRM.invert(m, inv)) {
            throw new IllegalArgumentException("information block is singular");
        }
        return CommonOps_DDRM.trace(inv);
    }
}
