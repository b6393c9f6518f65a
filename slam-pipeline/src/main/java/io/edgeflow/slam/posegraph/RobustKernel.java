package io.edgeflow.slam.posegraph;

/**
 * A robust loss ρ applied to a factor's squared Mahalanobis error s = eᵀΩe. The solver minimizes Σ
 * ρ(s) by iteratively reweighted least squares with weight ρ'(s).
 */
public sealed interface RobustKernel {

    double rho(double s);

    /** ρ'(s), the IRLS weight. */
    double weight(double s);

    /** Plain least squares: ρ(s) = s. */
    record Quadratic() implements RobustKernel {
        @Override
        public double rho(double s) {
            return s;
        }

        @Override
        public double weight(double s) {
            return 1;
        }
    }

    /** Huber with threshold k on the error norm: quadratic below k, linear above. */
    record Huber(double k) implements RobustKernel {
        public Huber {
            if (!(k > 0)) {
                throw new IllegalArgumentException("Huber threshold must be positive");
            }
        }

        @Override
        public double rho(double s) {
            return s <= k * k ? s : 2 * k * Math.sqrt(s) - k * k;
        }

        @Override
        public double weight(double s) {
            return s <= k * k ? 1 : k / Math.sqrt(s);
        }
    }

    /** Cauchy (Lorentzian) with scale k: ρ(s) = k²·log(1 + s/k²). */
    record Cauchy(double k) implements RobustKernel {
        public Cauchy {
            if (!(k > 0)) {
                throw new IllegalArgumentException("Cauchy scale must be positive");
            }
        }

        @Override
        public double rho(double s) {
            return k * k * Math.log1p(s / (k * k));
        }

        @Override
        public double weight(double s) {
            return 1 / (1 + s / (k * k));
        }
    }

    RobustKernel QUADRATIC = new Quadratic();

    /** The χ² 95 % quantile for a d-dof residual, a customary kernel threshold (squared). */
    static double chiSquare95(int dof) {
        return switch (dof) {
            case 3 -> 7.814727903;
            case 6 -> 12.59158724;
            default -> throw new IllegalArgumentException("dof " + dof);
        };
    }
}
