package io.edgeflow.slam.posegraph;

import java.util.Map;
import java.util.Optional;

/**
 * Published and locally measured reference numbers for the standard pose graphs (shared datasets
 * README): SE-Sync's certified optima (Rosen et al., IJRR 2019, Table 1) and a Ceres 2.1 run of its
 * pose_graph_2d/3d examples (LM, sparse normal Cholesky, init from the file's vertices, 2 cores).
 * Ceres' χ² = 2·cost; NaN where Ceres did not converge.
 */
public record BenchmarkReference(
        double seSyncOptimum, double ceresChi2, double ceresSeconds, boolean ceresConverged) {

    private static final double NONE = Double.NaN;

    private static final Map<String, BenchmarkReference> BY_FILE =
            Map.ofEntries(
                    Map.entry("manhattan.g2o", new BenchmarkReference(6.432e3, NONE, NONE, false)),
                    Map.entry(
                            "manhattanOlson3500.g2o",
                            new BenchmarkReference(NONE, 146.08, 0.43, true)),
                    Map.entry(
                            "input_M3500_g2o.g2o", new BenchmarkReference(NONE, 137.9, 0.30, true)),
                    Map.entry("city10000.g2o", new BenchmarkReference(6.386e2, 511.99, 1.28, true)),
                    Map.entry("CSAIL.g2o", new BenchmarkReference(3.170e1, NONE, NONE, false)),
                    Map.entry("intel.g2o", new BenchmarkReference(5.235e1, 45.88, 0.085, true)),
                    Map.entry(
                            "input_INTEL_g2o.g2o", new BenchmarkReference(NONE, NONE, 0.19, false)),
                    Map.entry("MIT.g2o", new BenchmarkReference(NONE, NONE, 0.13, false)),
                    Map.entry(
                            "sphere2500.g2o", new BenchmarkReference(1.687e3, 1351.5, 1.93, true)),
                    Map.entry("torus3D.g2o", new BenchmarkReference(2.423e4, 4.511e4, 21.8, true)),
                    Map.entry("cubicle.g2o", new BenchmarkReference(7.171e2, NONE, 59.2, false)),
                    Map.entry(
                            "smallGrid3D.g2o", new BenchmarkReference(NONE, 1025.4, 0.042, true)));

    /** The reference numbers of a file, by its name (a trailing .gz is ignored). */
    public static Optional<BenchmarkReference> of(String fileName) {
        return Optional.ofNullable(BY_FILE.get(fileName.replaceAll("\\.gz$", "")));
    }
}
