package io.edgeflow.slam.posegraph;

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
        double tau = d / traceOfInverse(information, n, 0, d);
        double kappa;
        if (space == PoseSpace.SE2) {
            kappa = information[8];
        } else {
            kappa = 3 / (2 * traceOfInverse(information, n, 3, 3));
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

    /**
     * tr(B⁻¹) of the 2×2 or 3×3 block B = m[start.., start..] of an n×n row-major matrix, in closed
     * form: the sum of the diagonal cofactors over the determinant.
     */
    private static double traceOfInverse(double[] m, int n, int start, int size) {
        int o = start * n + start;
        double a = m[o], b = m[o + 1], c = m[o + n], e = m[o + n + 1];
        if (size == 2) {
            double det = a * e - b * c;
            if (det == 0 || !Double.isFinite(det)) {
                throw new IllegalArgumentException("information block is singular");
            }
            return (a + e) / det;
        }
        double f = m[o + 2], g = m[o + n + 2];
        double h = m[o + 2 * n], k = m[o + 2 * n + 1], l = m[o + 2 * n + 2];
        // B = [a b f; c e g; h k l]
        double c00 = e * l - g * k, c11 = a * l - f * h, c22 = a * e - b * c;
        double det = a * c00 - b * (c * l - g * h) + f * (c * k - e * h);
        if (det == 0 || !Double.isFinite(det)) {
            throw new IllegalArgumentException("information block is singular");
        }
        return (c00 + c11 + c22) / det;
    }
}
