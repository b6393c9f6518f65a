package io.edgeflow.slam.posegraph;

/** The cost a solve minimizes. */
public enum Objective {
    /** g2o's χ² = Σ eᵀΩe with the full information matrices. */
    CHI2,
    /** SE-Sync's isotropic objective, comparable with its certified optima. */
    SESYNC
}
