package io.edgeflow.slam.posegraph.io;

/** Conversions between the upper-triangular listings of the file formats and full matrices. */
final class InformationMatrices {
    private InformationMatrices() {}

    /** Row-major d×d symmetric matrix from its upper triangle listed row by row. */
    static double[] fromUpperTriangle(double[] upper, int d) {
        double[] m = new double[d * d];
        int k = 0;
        for (int r = 0; r < d; r++) {
            for (int c = r; c < d; c++) {
                m[r * d + c] = upper[k];
                m[c * d + r] = upper[k];
                k++;
            }
        }
        return m;
    }

    static double[] toUpperTriangle(double[] m, int d) {
        double[] u = new double[d * (d + 1) / 2];
        int k = 0;
        for (int r = 0; r < d; r++) {
            for (int c = r; c < d; c++) {
                u[k++] = m[r * d + c];
            }
        }
        return u;
    }

    /** Ω = SᵀS from the upper-triangular square root S listed row by row (iSAM). */
    static double[] fromSqrtUpperTriangle(double[] upper, int d) {
        double[] s = new double[d * d];
        int k = 0;
        for (int r = 0; r < d; r++) {
            for (int c = r; c < d; c++) {
                s[r * d + c] = upper[k++];
            }
        }
        double[] m = new double[d * d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double acc = 0;
                for (int i = 0; i < d; i++) {
                    acc += s[i * d + r] * s[i * d + c];
                }
                m[r * d + c] = acc;
            }
        }
        return m;
    }

    /** Upper Cholesky factor S with SᵀS = Ω, listed row by row; Ω must be positive definite. */
    static double[] toSqrtUpperTriangle(double[] m, int d) {
        double[] l = new double[d * d]; // lower Cholesky factor, S = Lᵀ
        for (int j = 0; j < d; j++) {
            double s = m[j * d + j];
            for (int k = 0; k < j; k++) {
                s -= l[j * d + k] * l[j * d + k];
            }
            if (!(s > 0)) {
                throw new IllegalArgumentException("information matrix is not positive definite");
            }
            l[j * d + j] = Math.sqrt(s);
            for (int i = j + 1; i < d; i++) {
                double t = m[i * d + j];
                for (int k = 0; k < j; k++) {
                    t -= l[i * d + k] * l[j * d + k];
                }
                l[i * d + j] = t / l[j * d + j];
            }
        }
        double[] u = new double[d * (d + 1) / 2];
        int k = 0;
        for (int r = 0; r < d; r++) {
            for (int c = r; c < d; c++) {
                u[k++] = l[c * d + r];
            }
        }
        return u;
    }
}
