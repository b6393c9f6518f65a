package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.slam.posegraph.io.PoseGraphFiles;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SeSyncObjectiveTest {

    /** Certified optima from SE-Sync (Rosen et al., IJRR 2019, Table 1). */
    private static final double CSAIL_OPTIMUM = 3.170e1;

    private static final double INTEL_OPTIMUM = 5.235e1;

    @Test
    void chordalInitializationThenSeSyncObjectiveReachesTheCertifiedOptimumOnCsail()
            throws IOException {
        PoseGraph g = PoseGraphFiles.read(TestData.path("posegraph/CSAIL.g2o.gz")).graph();
        PoseGraphSolver.Report r =
                new PoseGraphSolver(
                                PoseGraphSolver.Settings.defaults().withObjective(Objective.SESYNC))
                        .solve(g, Initialization.CHORDAL);
        assertThat(r.result().stopReason().converged()).isTrue();
        // the published value has 4 significant digits: 0.1 % is within its rounding
        assertThat(r.seSyncObjective()).isBetween(CSAIL_OPTIMUM * 0.999, CSAIL_OPTIMUM * 1.001);
        assertThat(SeSyncObjective.evaluate(g)).isEqualTo(r.seSyncObjective());
    }

    @Test
    void reachesTheCertifiedOptimumOnIntelFromItsOwnInitialGuess() throws IOException {
        PoseGraph g = PoseGraphFiles.read(TestData.path("posegraph/intel.g2o.gz")).graph();
        PoseGraphSolver.Report r =
                new PoseGraphSolver(
                                PoseGraphSolver.Settings.defaults().withObjective(Objective.SESYNC))
                        .solve(g, Initialization.CHORDAL);
        assertThat(r.seSyncObjective()).isBetween(INTEL_OPTIMUM * 0.999, INTEL_OPTIMUM * 1.001);
    }

    @Test
    void isotropicWeightsFollowThePaper() {
        // 2D: τ = 2 / tr(Σ_t), κ = I33
        double[] info2 = {4, 0, 0, 0, 1, 0, 0, 0, 9};
        SeSyncObjective.Weights w = SeSyncObjective.weights(PoseSpace.SE2, info2);
        assertThat(w.tau()).isEqualTo(2 / (0.25 + 1));
        assertThat(w.kappa()).isEqualTo(9);
        // 3D: κ = 3 / (2·tr(Σ_R))
        double[] info3 = new double[36];
        for (int k = 0; k < 6; k++) {
            info3[k * 6 + k] = k < 3 ? 2 : 4;
        }
        SeSyncObjective.Weights w3 = SeSyncObjective.weights(PoseSpace.SE3, info3);
        assertThat(w3.tau()).isEqualTo(3 / 1.5);
        assertThat(w3.kappa()).isEqualTo(3 / (2 * 0.75));
    }
}
