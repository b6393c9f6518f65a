package io.edgeflow.slam.posegraph;

/** How a solve treats measurements that may be wrong. */
public enum Robustness {
    NONE,
    /** Huber kernel, threshold at the χ² 95 % quantile of one edge. */
    HUBER,
    /** Cauchy kernel, scale at the χ² 95 % quantile of one edge. */
    CAUCHY,
    /**
     * Graduated non-convexity with a truncated-least-squares loss ({@link GraduatedNonConvexity}).
     */
    GNC;

    /** The kernel a plain solve uses; GNC solves with weights on the quadratic loss instead. */
    public RobustKernel kernel(PoseSpace space) {
        double k = Math.sqrt(RobustKernel.chiSquare95(space.tangentDim));
        return switch (this) {
            case NONE, GNC -> RobustKernel.QUADRATIC;
            case HUBER -> new RobustKernel.Huber(k);
            case CAUCHY -> new RobustKernel.Cauchy(k);
        };
    }
}
