package io.edgeflow.slam.geometry;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * A rotation in 3D, stored as a row-major 3×3 orthonormal matrix.
 *
 * <p>Besides the value type, the class exposes the few allocation-free kernels on raw row-major
 * arrays that the pose-graph solver runs in its inner loop (product, quaternion of a matrix).
 */
public final class SO3 {
    private final double[] r;

    private SO3(double[] r) {
        this.r = r;
    }

    public static SO3 identity() {
        return new SO3(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    /** Wraps a copy of a row-major matrix; it must already be a rotation. */
    public static SO3 ofMatrix(double[] rowMajor) {
        if (rowMajor.length != 9) {
            throw new IllegalArgumentException("a rotation matrix has 9 entries");
        }
        return new SO3(rowMajor.clone());
    }

    /** Rotation of the unit quaternion (w, x, y, z); the quaternion is normalized first. */
    public static SO3 ofQuaternion(double w, double x, double y, double z) {
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        if (!(n > 0)) {
            throw new IllegalArgumentException("quaternion has zero or non-finite norm");
        }
        double[] m = new double[9];
        quaternionToMatrix(w / n, x / n, y / n, z / n, m, 0);
        return new SO3(m);
    }

    /** R = Rz(yaw)·Ry(pitch)·Rx(roll), the convention of TORO and iSAM. */
    public static SO3 ofRollPitchYaw(double roll, double pitch, double yaw) {
        double cr = Math.cos(roll), sr = Math.sin(roll);
        double cp = Math.cos(pitch), sp = Math.sin(pitch);
        double cy = Math.cos(yaw), sy = Math.sin(yaw);
        return new SO3(
                new double[] {
                    cy * cp,
                    cy * sp * sr - sy * cr,
                    cy * sp * cr + sy * sr,
                    sy * cp,
                    sy * sp * sr + cy * cr,
                    sy * sp * cr - cy * sr,
                    -sp,
                    cp * sr,
                    cp * cr
                });
    }

    /** (roll, pitch, yaw) with R = Rz(yaw)·Ry(pitch)·Rx(roll). */
    public double[] toRollPitchYaw() {
        double pitch = Math.asin(Math.max(-1, Math.min(1, -r[6])));
        return new double[] {Math.atan2(r[7], r[8]), pitch, Math.atan2(r[3], r[0])};
    }

    /** Exp: so(3) → SO(3), Rodrigues' formula. */
    public static SO3 exp(double wx, double wy, double wz) {
        double[] m = new double[9];
        exp(wx, wy, wz, m, 0);
        return new SO3(m);
    }

    /** Rodrigues' formula into {@code out[o..o+9)}; uses the Taylor series near zero. */
    public static void exp(double wx, double wy, double wz, double[] out, int o) {
        double t2 = wx * wx + wy * wy + wz * wz;
        double a, b;
        if (t2 < 1e-10) {
            a = 1 - t2 / 6;
            b = 0.5 - t2 / 24;
        } else {
            double t = Math.sqrt(t2);
            a = Math.sin(t) / t;
            b = (1 - Math.cos(t)) / t2;
        }
        // R = I + a·[w]× + b·[w]×²
        out[o] = 1 - b * (wy * wy + wz * wz);
        out[o + 1] = -a * wz + b * wx * wy;
        out[o + 2] = a * wy + b * wx * wz;
        out[o + 3] = a * wz + b * wx * wy;
        out[o + 4] = 1 - b * (wx * wx + wz * wz);
        out[o + 5] = -a * wx + b * wy * wz;
        out[o + 6] = -a * wy + b * wx * wz;
        out[o + 7] = a * wx + b * wy * wz;
        out[o + 8] = 1 - b * (wx * wx + wy * wy);
    }

    /** Log: SO(3) → so(3) as a rotation vector with angle in [0, π]. */
    public double[] log() {
        double[] q = toQuaternion();
        double w = q[0], vx = q[1], vy = q[2], vz = q[3];
        double vn = Math.sqrt(vx * vx + vy * vy + vz * vz);
        // angle = 2·atan2(|v|, w); with w ≥ 0 this is in [0, π]
        double scale = vn < 1e-12 ? 2 / w : 2 * Math.atan2(vn, w) / vn;
        return new double[] {scale * vx, scale * vy, scale * vz};
    }

    /** The unit quaternion (w, x, y, z) with w ≥ 0. */
    public double[] toQuaternion() {
        double[] q = new double[4];
        matrixToQuaternion(r, 0, q);
        return q;
    }

    public SO3 compose(SO3 other) {
        double[] m = new double[9];
        multiply(r, 0, other.r, 0, m, 0);
        return new SO3(m);
    }

    public SO3 inverse() {
        return new SO3(new double[] {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]});
    }

    /** R·v. */
    public double[] rotate(double x, double y, double z) {
        return new double[] {
            r[0] * x + r[1] * y + r[2] * z,
            r[3] * x + r[4] * y + r[5] * z,
            r[6] * x + r[7] * y + r[8] * z
        };
    }

    /** Row-major copy of the matrix. */
    public double[] matrix() {
        return r.clone();
    }

    public double get(int row, int col) {
        return r[3 * row + col];
    }

    /** Angle of the rotation R₁ᵀR₂ between two rotations, in radians. */
    public double angleTo(SO3 other) {
        double[] w = inverse().compose(other).log();
        return Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    }

    // ---- allocation-free kernels on row-major 3×3 arrays ----

    /** out = a·b. {@code out} must not alias the inputs. */
    public static void multiply(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        for (int i = 0; i < 3; i++) {
            double a0 = a[ao + 3 * i], a1 = a[ao + 3 * i + 1], a2 = a[ao + 3 * i + 2];
            out[oo + 3 * i] = a0 * b[bo] + a1 * b[bo + 3] + a2 * b[bo + 6];
            out[oo + 3 * i + 1] = a0 * b[bo + 1] + a1 * b[bo + 4] + a2 * b[bo + 7];
            out[oo + 3 * i + 2] = a0 * b[bo + 2] + a1 * b[bo + 5] + a2 * b[bo + 8];
        }
    }

    /** out = aᵀ·b. {@code out} must not alias the inputs. */
    public static void transposeMultiply(
            double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        for (int i = 0; i < 3; i++) {
            double a0 = a[ao + i], a1 = a[ao + 3 + i], a2 = a[ao + 6 + i];
            out[oo + 3 * i] = a0 * b[bo] + a1 * b[bo + 3] + a2 * b[bo + 6];
            out[oo + 3 * i + 1] = a0 * b[bo + 1] + a1 * b[bo + 4] + a2 * b[bo + 7];
            out[oo + 3 * i + 2] = a0 * b[bo + 2] + a1 * b[bo + 5] + a2 * b[bo + 8];
        }
    }

    /** Unit quaternion (w, x, y, z) with w ≥ 0 of a rotation matrix (Shepperd's method). */
    public static void matrixToQuaternion(double[] m, int o, double[] q) {
        double m00 = m[o], m01 = m[o + 1], m02 = m[o + 2];
        double m10 = m[o + 3], m11 = m[o + 4], m12 = m[o + 5];
        double m20 = m[o + 6], m21 = m[o + 7], m22 = m[o + 8];
        double tr = m00 + m11 + m22;
        double w, x, y, z;
        if (tr > 0) {
            double s = 2 * Math.sqrt(1 + tr);
            w = 0.25 * s;
            x = (m21 - m12) / s;
            y = (m02 - m20) / s;
            z = (m10 - m01) / s;
        } else if (m00 > m11 && m00 > m22) {
            double s = 2 * Math.sqrt(1 + m00 - m11 - m22);
            w = (m21 - m12) / s;
            x = 0.25 * s;
            y = (m01 + m10) / s;
            z = (m02 + m20) / s;
        } else if (m11 > m22) {
            double s = 2 * Math.sqrt(1 + m11 - m00 - m22);
            w = (m02 - m20) / s;
            x = (m01 + m10) / s;
            y = 0.25 * s;
            z = (m12 + m21) / s;
        } else {
            double s = 2 * Math.sqrt(1 + m22 - m00 - m11);
            w = (m10 - m01) / s;
            x = (m02 + m20) / s;
            y = (m12 + m21) / s;
            z = 0.25 * s;
        }
        double sign = w < 0 ? -1 : 1;
        double n = sign / Math.sqrt(w * w + x * x + y * y + z * z);
        q[0] = w * n;
        q[1] = x * n;
        q[2] = y * n;
        q[3] = z * n;
    }

    public static void quaternionToMatrix(
            double w, double x, double y, double z, double[] m, int o) {
        m[o] = 1 - 2 * (y * y + z * z);
        m[o + 1] = 2 * (x * y - w * z);
        m[o + 2] = 2 * (x * z + w * y);
        m[o + 3] = 2 * (x * y + w * z);
        m[o + 4] = 1 - 2 * (x * x + z * z);
        m[o + 5] = 2 * (y * z - w * x);
        m[o + 6] = 2 * (x * z - w * y);
        m[o + 7] = 2 * (y * z + w * x);
        m[o + 8] = 1 - 2 * (x * x + y * y);
    }

    /**
     * Closest rotation to a 3×3 matrix in the Frobenius norm: with A = U·S·Vᵀ, R = U·diag(1, 1,
     * det(UVᵀ))·Vᵀ (the orthogonal Procrustes solution restricted to det R = +1).
     */
    public static SO3 project(double[] a) {
        DMatrixRMaj m = new DMatrixRMaj(3, 3, true, a);
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(3, 3, true, true, false);
        if (!svd.decompose(m)) {
            throw new ArithmeticException("SVD failed while projecting onto SO(3)");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        DMatrixRMaj w = svd.getW(null);
        // the sign flip below must hit the smallest singular direction
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        DMatrixRMaj uvt = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.multTransB(u, v, uvt);
        if (CommonOps_DDRM.det(uvt) < 0) {
            for (int i = 0; i < 3; i++) {
                u.set(i, 2, -u.get(i, 2));
            }
            CommonOps_DDRM.multTransB(u, v, uvt);
        }
        return new SO3(uvt.data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SO3 s && Arrays.equals(r, s.r);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(r);
    }

    @Override
    public String toString() {
        return "SO3" + Arrays.toString(r);
    }
}
