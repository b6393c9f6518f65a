package io.edgeflow.slam.posegraph;

/**
 * How the rotation part of a planar residual measures the angle φ of R_zᵀR_iᵀR_j: the wrapped angle
 * itself (g2o's and Ceres' χ²) or the chord 2·sin(φ/2) (SE-Sync's ‖R_j − R_iR_z‖_F/√2). Spatial
 * residuals always use the chord 2·vec(q), as Ceres does.
 */
public enum RotationResidual {
    ANGLE,
    CHORD
}
