package io.edgeflow.slam.posegraph;

import io.edgeflow.slam.geometry.RelativePoseResidual;
import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SO3;

/**
 * The kind of pose a graph holds: how many degrees of freedom it has and how it is laid out in a
 * flat state array (SE2: x, y, θ; SE3: x, y, z, R row-major).
 */
public enum PoseSpace {
    SE2(2, 3, 3),
    SE3(3, 6, RelativePoseResidual.SE3_STRIDE);

    /** Dimension of the space the robot moves in: 2 or 3. */
    public final int spatialDim;

    /** Degrees of freedom of one pose (size of a tangent vector). */
    public final int tangentDim;

    /** Doubles per pose in a flat state array. */
    public final int stride;

    PoseSpace(int spatialDim, int tangentDim, int stride) {
        this.spatialDim = spatialDim;
        this.tangentDim = tangentDim;
        this.stride = stride;
    }

    /** Writes the identity pose at {@code x[o..o+stride)}. */
    void setIdentity(double[] x, int o) {
        java.util.Arrays.fill(x, o, o + stride, 0);
        if (this == SE3) {
            x[o + 3] = 1;
            x[o + 7] = 1;
            x[o + 11] = 1;
        }
    }

    /** In-place right retraction x ← x ⊕ δ (see {@link SE2#retract}). */
    void retract(double[] x, int o, double[] delta, int od, double[] scratch) {
        if (this == SE2) {
            double c = Math.cos(x[o + 2]), s = Math.sin(x[o + 2]);
            x[o] += c * delta[od] - s * delta[od + 1];
            x[o + 1] += s * delta[od] + c * delta[od + 1];
            x[o + 2] = io.edgeflow.slam.geometry.SE2.wrapAngle(x[o + 2] + delta[od + 2]);
            return;
        }
        int r = o + 3;
        double dx = delta[od], dy = delta[od + 1], dz = delta[od + 2];
        x[o] += x[r] * dx + x[r + 1] * dy + x[r + 2] * dz;
        x[o + 1] += x[r + 3] * dx + x[r + 4] * dy + x[r + 5] * dz;
        x[o + 2] += x[r + 6] * dx + x[r + 7] * dy + x[r + 8] * dz;
        SO3.exp(delta[od + 3], delta[od + 4], delta[od + 5], scratch, 9);
        SO3.multiply(x, r, scratch, 9, scratch, 0);
        System.arraycopy(scratch, 0, x, r, 9);
    }

    /** out = a·b for poses in flat layout; {@code out} must not alias. */
    void compose(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        if (this == SE2) {
            double c = Math.cos(a[ao + 2]), s = Math.sin(a[ao + 2]);
            out[oo] = a[ao] + c * b[bo] - s * b[bo + 1];
            out[oo + 1] = a[ao + 1] + s * b[bo] + c * b[bo + 1];
            out[oo + 2] = io.edgeflow.slam.geometry.SE2.wrapAngle(a[ao + 2] + b[bo + 2]);
            return;
        }
        int ra = ao + 3;
        out[oo] = a[ao] + a[ra] * b[bo] + a[ra + 1] * b[bo + 1] + a[ra + 2] * b[bo + 2];
        out[oo + 1] = a[ao + 1] + a[ra + 3] * b[bo] + a[ra + 4] * b[bo + 1] + a[ra + 5] * b[bo + 2];
        out[oo + 2] = a[ao + 2] + a[ra + 6] * b[bo] + a[ra + 7] * b[bo + 1] + a[ra + 8] * b[bo + 2];
        SO3.multiply(a, ra, b, bo + 3, out, oo + 3);
    }

    /** out = a⁻¹ in flat layout. */
    void invert(double[] a, int ao, double[] out, int oo) {
        if (this == SE2) {
            double c = Math.cos(a[ao + 2]), s = Math.sin(a[ao + 2]);
            out[oo] = -c * a[ao] - s * a[ao + 1];
            out[oo + 1] = s * a[ao] - c * a[ao + 1];
            out[oo + 2] = io.edgeflow.slam.geometry.SE2.wrapAngle(-a[ao + 2]);
            return;
        }
        int r = ao + 3;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[oo + 3 + 3 * i + j] = a[r + 3 * j + i];
            }
            out[oo + i] = -(a[r + i] * a[ao] + a[r + 3 + i] * a[ao + 1] + a[r + 6 + i] * a[ao + 2]);
        }
    }
}
