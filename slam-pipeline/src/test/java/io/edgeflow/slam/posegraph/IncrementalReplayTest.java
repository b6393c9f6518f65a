package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.posegraph.io.PoseGraphFiles;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncrementalReplayTest {

    @ParameterizedTest
    @ValueSource(strings = {"w100.graph.gz", "smallGrid3D.g2o.gz"})
    void poseByPoseReplayEndsAtTheBatchOptimum(String name) throws IOException {
        PoseGraph source = PoseGraphFiles.read(TestData.path("posegraph/" + name)).graph();
        PoseGraph batch = source.copy();
        ChordalInitialization.apply(batch);
        double batchChi2 =
                new LevenbergMarquardt(SolverOptions.defaults()).optimize(batch).finalCost();

        IncrementalReplay.Outcome replay =
                IncrementalReplay.run(
                        source, SolverOptions.defaults().withRelativeCostTolerance(1e-6));
        PoseGraph g = replay.graph();
        assertThat(g.poseCount()).isEqualTo(source.poseCount());
        assertThat(g.edgeCount()).isEqualTo(source.edgeCount());
        assertThat(replay.solves()).isPositive();
        assertThat(replay.chi2AfterLastUpdate()).isCloseTo(batchChi2, offset(1e-4 * batchChi2));
        assertThat(PoseGraphSolver.chi2(g)).isCloseTo(batchChi2, offset(1e-9 * batchChi2));
        assertThat(AbsoluteTrajectoryError.rmse(g, batch)).isLessThan(1e-5);
    }

    @org.junit.jupiter.api.Test
    void aLeafPoseNeedsNoSolveButALoopClosureDoes() {
        double[] info = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        PoseGraph g = PoseGraph.planar();
        g.addPose(0, SE2.IDENTITY);
        IncrementalSolver solver = new IncrementalSolver(g, SolverOptions.defaults());
        SE2 step = new SE2(1, 0, Math.PI / 2);
        for (int i = 1; i < 4; i++) {
            solver.addPose(i, i - 1, step, info);
            assertThat(solver.update().iterations()).isZero();
        }
        assertThat(g.pose2(3).x()).isCloseTo(0, offset(1e-12));
        assertThat(g.pose2(3).y()).isCloseTo(1, offset(1e-12));
        solver.addEdge(3, 0, new SE2(1.3, 0, Math.PI / 2), info);
        OptimizationResult r = solver.update();
        assertThat(r.iterations()).isPositive();
        assertThat(r.finalCost()).isLessThan(r.initialCost());
    }
}
