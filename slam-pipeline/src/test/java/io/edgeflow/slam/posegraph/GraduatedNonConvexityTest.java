package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.slam.posegraph.io.PoseGraphFiles;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraduatedNonConvexityTest {

    @ParameterizedTest
    @ValueSource(strings = {"CSAIL.g2o.gz", "smallGrid3D.g2o.gz"})
    void rejectsRandomFalseLoopClosuresAndRecoversTheCleanSolution(String name) throws IOException {
        PoseGraph source = PoseGraphFiles.read(TestData.path("posegraph/" + name)).graph();
        PoseGraph clean = source.copy();
        new PoseGraphSolver(PoseGraphSolver.Settings.defaults())
                .solve(clean, Initialization.CHORDAL);

        PoseGraph corrupted = source.copy();
        int cleanEdges = corrupted.edgeCount();
        int added = FalseLoopClosures.add(corrupted, 0.10, 20, 7);
        assertThat(added).isPositive();
        PoseGraph plain = corrupted.copy();
        new PoseGraphSolver(PoseGraphSolver.Settings.defaults())
                .solve(plain, Initialization.ODOMETRY);
        PoseGraph robust = corrupted.copy();
        SpanningTreeInitialization.apply(robust); // odometry chaining
        GraduatedNonConvexity.Result r =
                new GraduatedNonConvexity(
                                SolverOptions.defaults(),
                                GraduatedNonConvexity.defaultThresholdSquared(robust.space()),
                                true)
                        .solve(robust);
        // the false closures are the last `added` edges: nearly all must be rejected (one drawn
        // close to the truth, relative to its information, is legitimately an inlier)
        int falseAccepted = 0;
        for (int k = cleanEdges; k < corrupted.edgeCount(); k++) {
            falseAccepted += r.weights()[k] > 0 ? 1 : 0;
        }
        assertThat(falseAccepted).isLessThanOrEqualTo(added / 10);
        double ateRobust = AbsoluteTrajectoryError.rmse(robust, clean);
        double atePlain = AbsoluteTrajectoryError.rmse(plain, clean);
        System.out.printf(
                "%s: false %d accepted %d rejected %d ate plain %.4g gnc %.4g%n",
                name, added, falseAccepted, r.rejected(), atePlain, ateRobust);
        assertThat(ateRobust).isLessThan(0.05 * atePlain);
    }
}
