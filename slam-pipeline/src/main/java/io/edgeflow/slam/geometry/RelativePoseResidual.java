package io.edgeflow.slam.geometry;

/**
 * The residual of a relative-pose measurement Z between poses X_i and X_j, and its Jacobians with
 * respect to the right perturbations δ_i, δ_j of {@link SE2#retract} / {@link SE3#retract}.
 *
 * <p>Translation part (both dimensions): e_t = R_zᵀ·(R_iᵀ·(t_j − t_i) − t_z), i.e. the translation
 * of Z⁻¹·X_i⁻¹·X_j as g2o defines it. Rotation part, for E = R_zᵀ·R_iᵀ·R_j with angle φ: in 2D
 * either the wrapped angle φ (g2o/Ceres χ²) or the chord 2·sin(φ/2); in 3D the chord 2·vec(q(E)) =
 * 2·sin(φ/2)·axis (Ceres' pose_graph_3d residual). The chord is what makes SE-Sync's objective a
 * sum of squares: ‖R_j − R_i·R_z‖²_F = 2·‖chord‖².
 *
 * <p>Poses are read from flat arrays: SE(2) as (x, y, θ), SE(3) as (x, y, z, R row-major).
 * Jacobians are written row-major, d×d with d = 3 (SE2) or 6 (SE3), rows/cols ordered (translation,
 * rotation).
 */
public final class RelativePoseResidual {
    private RelativePoseResidual() {}

    /** Stride of one SE(3) pose in a flat array: (x, y, z, R00 … R22). */
    public static final int SE3_STRIDE = 12;

    /**
     * SE(2) residual into {@code e[0..3)}; Jacobians into {@code ji}, {@code jj} (3×3) when not
     * null.
     */
    public static void se2(
            double[] xi,
            int oi,
            double[] xj,
            int oj,
            double[] z,
            int oz,
            boolean chordal,
            double[] e,
            double[] ji,
            double[] jj) {
        double ci = Math.cos(xi[oi + 2]), si = Math.sin(xi[oi + 2]);
        double cz = Math.cos(z[oz + 2]), sz = Math.sin(z[oz + 2]);
        double dx = xj[oj] - xi[oi], dy = xj[oj + 1] - xi[oi + 1];
        // t_ij = R_iᵀ (t_j − t_i)
        double tx = ci * dx + si * dy, ty = -si * dx + ci * dy;
        double ux = tx - z[oz], uy = ty - z[oz + 1];
        e[0] = cz * ux + sz * uy;
        e[1] = -sz * ux + cz * uy;
        double phi = SE2.wrapAngle(xj[oj + 2] - xi[oi + 2] - z[oz + 2]);
        double dEdPhi;
        if (chordal) {
            e[2] = 2 * Math.sin(phi / 2);
            dEdPhi = Math.cos(phi / 2);
        } else {
            e[2] = phi;
            dEdPhi = 1;
        }
        if (ji == null) {
            return;
        }
        // ∂e_t/∂δt_i = −R_zᵀ ; ∂e_t/∂δθ_i = R_zᵀ·(t_ij,y, −t_ij,x)
        ji[0] = -cz;
        ji[1] = -sz;
        ji[2] = cz * ty - sz * tx;
        ji[3] = sz;
        ji[4] = -cz;
        ji[5] = -sz * ty - cz * tx;
        ji[6] = 0;
        ji[7] = 0;
        ji[8] = -dEdPhi;
        // ∂e_t/∂δt_j = R_zᵀ·R_ij with R_ij = R(θ_j − θ_i)
        double dth = xj[oj + 2] - xi[oi + 2];
        double cij = Math.cos(dth), sij = Math.sin(dth);
        jj[0] = cz * cij + sz * sij;
        jj[1] = -cz * sij + sz * cij;
        jj[2] = 0;
        jj[3] = -sz * cij + cz * sij;
        jj[4] = sz * sij + cz * cij;
        jj[5] = 0;
        jj[6] = 0;
        jj[7] = 0;
        jj[8] = dEdPhi;
    }

    /** Scratch space for {@link #se3}, so the inner loop does not allocate. */
    public static final class Workspace {
        final double[] rij = new double[9];
        final double[] e = new double[9];
        final double[] q = new double[4];
        final double[] rzt = new double[9];
    }

    /**
     * SE(3) residual into {@code e[0..6)}; Jacobians into {@code ji}, {@code jj} (6×6) when not
     * null.
     */
    public static void se3(
            double[] xi,
            int oi,
            double[] xj,
            int oj,
            double[] z,
            int oz,
            Workspace w,
            double[] e,
            double[] ji,
            double[] jj) {
        double[] rij = w.rij;
        // R_ij = R_iᵀ R_j ; t_ij = R_iᵀ (t_j − t_i)
        SO3.transposeMultiply(xi, oi + 3, xj, oj + 3, rij, 0);
        double dx = xj[oj] - xi[oi], dy = xj[oj + 1] - xi[oi + 1], dz = xj[oj + 2] - xi[oi + 2];
        int ri = oi + 3;
        double tx = xi[ri] * dx + xi[ri + 3] * dy + xi[ri + 6] * dz;
        double ty = xi[ri + 1] * dx + xi[ri + 4] * dy + xi[ri + 7] * dz;
        double tz = xi[ri + 2] * dx + xi[ri + 5] * dy + xi[ri + 8] * dz;
        int rz = oz + 3;
        double ux = tx - z[oz], uy = ty - z[oz + 1], uz = tz - z[oz + 2];
        e[0] = z[rz] * ux + z[rz + 3] * uy + z[rz + 6] * uz;
        e[1] = z[rz + 1] * ux + z[rz + 4] * uy + z[rz + 7] * uz;
        e[2] = z[rz + 2] * ux + z[rz + 5] * uy + z[rz + 8] * uz;
        // E = R_zᵀ R_ij, chord = 2·vec(q(E)) with q_w ≥ 0
        SO3.transposeMultiply(z, rz, rij, 0, w.e, 0);
        SO3.matrixToQuaternion(w.e, 0, w.q);
        double qw = w.q[0], vx = w.q[1], vy = w.q[2], vz = w.q[3];
        e[3] = 2 * vx;
        e[4] = 2 * vy;
        e[5] = 2 * vz;
        if (ji == null) {
            return;
        }
        java.util.Arrays.fill(ji, 0);
        java.util.Arrays.fill(jj, 0);
        double[] rzt = w.rzt; // R_zᵀ, row-major
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                rzt[3 * r + c] = z[rz + 3 * c + r];
            }
        }
        // ∂e_t/∂δt_i = −R_zᵀ ; ∂e_t/∂δω_i = R_zᵀ [t_ij]×
        // ∂e_t/∂δt_j = R_zᵀ R_ij
        for (int r = 0; r < 3; r++) {
            double a0 = rzt[3 * r], a1 = rzt[3 * r + 1], a2 = rzt[3 * r + 2];
            ji[6 * r] = -a0;
            ji[6 * r + 1] = -a1;
            ji[6 * r + 2] = -a2;
            // row r of R_zᵀ·[t]×, [t]× = [[0,−tz,ty],[tz,0,−tx],[−ty,tx,0]]
            ji[6 * r + 3] = a1 * tz - a2 * ty;
            ji[6 * r + 4] = -a0 * tz + a2 * tx;
            ji[6 * r + 5] = a0 * ty - a1 * tx;
            jj[6 * r] = a0 * rij[0] + a1 * rij[3] + a2 * rij[6];
            jj[6 * r + 1] = a0 * rij[1] + a1 * rij[4] + a2 * rij[7];
            jj[6 * r + 2] = a0 * rij[2] + a1 * rij[5] + a2 * rij[8];
        }
        // ∂chord/∂δω_j = Q = q_w·I + [v]× ; ∂chord/∂δω_i = −Q·R_ijᵀ
        double[] qm = {qw, -vz, vy, vz, qw, -vx, -vy, vx, qw};
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                jj[6 * (r + 3) + 3 + c] = qm[3 * r + c];
                // (Q R_ijᵀ)[r][c] = Σ_k Q[r][k]·R_ij[c][k]
                ji[6 * (r + 3) + 3 + c] =
                        -(qm[3 * r] * rij[3 * c]
                                + qm[3 * r + 1] * rij[3 * c + 1]
                                + qm[3 * r + 2] * rij[3 * c + 2]);
            }
        }
    }
}
