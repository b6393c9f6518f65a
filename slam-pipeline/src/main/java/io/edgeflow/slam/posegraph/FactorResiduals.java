package io.edgeflow.slam.posegraph;

import io.edgeflow.slam.geometry.RelativePoseResidual;

/**
 * Evaluates the residuals (and Jacobians) of a graph's factors at the graph's current poses. Holds
 * the scratch arrays, so one instance serves one thread.
 */
final class FactorResiduals {
    private final PoseGraph graph;
    private final PoseSpace space;
    private final boolean chord;
    private final RelativePoseResidual.Workspace workspace = new RelativePoseResidual.Workspace();
    private final double[] identity;
    private final double[] scratchE;

    FactorResiduals(PoseGraph graph, RotationResidual rotationResidual) {
        this.graph = graph;
        this.space = graph.space();
        this.chord = rotationResidual == RotationResidual.CHORD;
        this.identity = new double[space.stride];
        space.setIdentity(identity, 0);
        this.scratchE = new double[space.tangentDim];
    }

    /** Residual of between factor f into e; Jacobians into ji, jj when not null. */
    void between(BetweenFactor f, double[] e, double[] ji, double[] jj) {
        double[] x = graph.state();
        int s = space.stride;
        if (space == PoseSpace.SE2) {
            RelativePoseResidual.se2(
                    x, f.from() * s, x, f.to() * s, f.measured(), 0, chord, e, ji, jj);
        } else {
            RelativePoseResidual.se3(
                    x, f.from() * s, x, f.to() * s, f.measured(), 0, workspace, e, ji, jj);
        }
    }

    /** Residual of a prior (a between factor from the identity); Jacobian into j when not null. */
    void prior(PriorFactor f, double[] e, double[] scratchJ, double[] j) {
        double[] x = graph.state();
        int s = space.stride;
        if (space == PoseSpace.SE2) {
            RelativePoseResidual.se2(
                    identity, 0, x, f.key() * s, f.measured(), 0, chord, e, scratchJ, j);
        } else {
            RelativePoseResidual.se3(
                    identity, 0, x, f.key() * s, f.measured(), 0, workspace, e, scratchJ, j);
        }
    }

    /** eᵀ·Ω·e. */
    static double mahalanobis(double[] e, double[] omega, int d) {
        double s = 0;
        for (int r = 0; r < d; r++) {
            double row = 0;
            for (int c = 0; c < d; c++) {
                row += omega[r * d + c] * e[c];
            }
            s += e[r] * row;
        }
        return s;
    }

    /** Squared Mahalanobis error of every between factor. */
    double[] betweenErrors() {
        int d = space.tangentDim;
        double[] out = new double[graph.edgeCount()];
        int k = 0;
        for (BetweenFactor f : graph.betweenFactors()) {
            between(f, scratchE, null, null);
            out[k++] = mahalanobis(scratchE, f.information(), d);
        }
        return out;
    }

    /** Σ w_k·ρ(s_k) over between factors plus Σ ρ(s) over priors; weights may be null. */
    double cost(RobustKernel kernel, double[] weights) {
        int d = space.tangentDim;
        double total = 0;
        int k = 0;
        for (BetweenFactor f : graph.betweenFactors()) {
            between(f, scratchE, null, null);
            double w = weights == null ? 1 : weights[k];
            k++;
            if (w != 0) {
                total += w * kernel.rho(mahalanobis(scratchE, f.information(), d));
            }
        }
        for (PriorFactor p : graph.priorFactors()) {
            prior(p, scratchE, null, null);
            total += kernel.rho(mahalanobis(scratchE, p.information(), d));
        }
        return total;
    }
}
