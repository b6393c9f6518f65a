package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import io.edgeflow.slam.posegraph.io.PoseGraphFiles;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LevenbergMarquardtTest {

    private static PoseGraph read(String name) throws IOException {
        return PoseGraphFiles.read(TestData.path("posegraph/" + name)).graph();
    }

    @Test
    void reachesGtsamsOptimumOfTheNoisyToyGraph() throws IOException {
        PoseGraph g = read("noisyToyGraph.txt.gz");
        PoseGraph gtsam = read("optimizedNoisyToyGraph.txt.gz");
        OptimizationResult r = new LevenbergMarquardt(SolverOptions.defaults()).optimize(g);
        assertThat(r.stopReason().converged()).isTrue();
        assertThat(r.finalCost()).isLessThan(r.initialCost());
        // GTSAM measures the between error with Pose2's Logmap, whose translation is coupled to
        // the angle (V(θ)⁻¹·t); we use g2o's decoupled error. Both vanish together, so the optima
        // agree to second order in the residuals (here ~1e-3), and each is optimal for its own χ².
        for (int i = 0; i < g.poseCount(); i++) {
            long id = g.id(i);
            SE2 p = g.pose2(id), q = gtsam.pose2(id);
            assertThat(p.x()).isCloseTo(q.x(), offset(5e-3));
            assertThat(p.y()).isCloseTo(q.y(), offset(5e-3));
            assertThat(SE2.wrapAngle(p.theta() - q.theta())).isCloseTo(0, offset(5e-3));
        }
        double atGtsamAnswer =
                new LevenbergMarquardt(SolverOptions.defaults().withMaxIterations(0))
                        .optimize(gtsam)
                        .finalCost();
        assertThat(r.finalCost()).isLessThanOrEqualTo(atGtsamAnswer);
        // and GTSAM's answer, refined under our χ², lands on our optimum
        new LevenbergMarquardt(SolverOptions.defaults()).optimize(gtsam);
        for (int i = 0; i < g.poseCount(); i++) {
            long id = g.id(i);
            assertThat(g.pose2(id).x()).isCloseTo(gtsam.pose2(id).x(), offset(1e-6));
            assertThat(g.pose2(id).y()).isCloseTo(gtsam.pose2(id).y(), offset(1e-6));
        }
    }

    @Test
    void gaussNewtonAndLevenbergMarquardtAgreeOnSmallGrid3D() throws IOException {
        PoseGraph lm = read("smallGrid3D.g2o.gz");
        PoseGraph gn = lm.copy();
        OptimizationResult a = new LevenbergMarquardt(SolverOptions.defaults()).optimize(lm);
        OptimizationResult b =
                new LevenbergMarquardt(SolverOptions.defaults().withGaussNewton(true)).optimize(gn);
        assertThat(a.stopReason().converged()).isTrue();
        // Ceres 2.1 reaches χ² = 1025.4 on this graph (datasets README)
        assertThat(a.finalCost()).isLessThanOrEqualTo(1025.4);
        assertThat(b.finalCost()).isCloseTo(a.finalCost(), offset(1e-6 * a.finalCost()));
    }

    @Test
    void aPriorPinsTheGraphInsteadOfTheFirstPose() {
        PoseGraph g = PoseGraph.planar();
        g.addPose(0, new SE2(0.3, -0.2, 0.1));
        g.addPose(1, new SE2(1.5, 0.4, 0.2));
        double[] info = {10, 0, 0, 0, 10, 0, 0, 0, 10};
        g.addPrior(0, new SE2(1, 2, 0.5), info);
        g.addBetween(0, 1, new SE2(1, 0, 0), info);
        assertThat(g.anchor()).isEqualTo(-1);
        OptimizationResult r = new LevenbergMarquardt(SolverOptions.defaults()).optimize(g);
        assertThat(r.finalCost()).isLessThan(1e-12);
        assertThat(g.pose2(0).x()).isCloseTo(1, offset(1e-9));
        SE2 p1 = g.pose2(1);
        assertThat(p1.x()).isCloseTo(1 + Math.cos(0.5), offset(1e-9));
        assertThat(p1.y()).isCloseTo(2 + Math.sin(0.5), offset(1e-9));
    }

    @Test
    void cauchyRejectsAWrongLoopClosure() {
        // a square loop of four unit odometry steps with a loop closure that is 3 m off
        double[] info = {100, 0, 0, 0, 100, 0, 0, 0, 100};
        PoseGraph plain = square(info);
        new LevenbergMarquardt(SolverOptions.defaults()).optimize(plain);
        SE2 truth = new SE2(0, -1, Math.PI / 2);
        double plainError = distance(plain.pose2(3), truth);

        PoseGraph cauchy = square(info);
        new LevenbergMarquardt(SolverOptions.defaults().withKernel(new RobustKernel.Cauchy(3)))
                .optimize(cauchy);
        assertThat(distance(cauchy.pose2(3), truth)).isLessThan(plainError / 10);
    }

    @Test
    void spatialChainSolvesExactly() {
        PoseGraph g = PoseGraph.spatial();
        double[] info = new double[36];
        for (int k = 0; k < 6; k++) {
            info[k * 6 + k] = 1;
        }
        SE3 step = new SE3(SO3.exp(0.1, -0.2, 0.3), 1, 0.5, -0.2);
        SE3 pose = SE3.IDENTITY;
        g.addPose(0, pose);
        for (int i = 1; i < 6; i++) {
            pose = pose.compose(step);
            g.addPose(i, SE3.IDENTITY);
            g.addBetween(i - 1, i, step, info);
        }
        OptimizationResult r = new LevenbergMarquardt(SolverOptions.defaults()).optimize(g);
        assertThat(r.finalCost()).isLessThan(1e-16);
        for (double v : SE3.IDENTITY.localCoordinates(g.pose3(5).between(pose))) {
            assertThat(v).isCloseTo(0, offset(1e-8));
        }
    }

    private static PoseGraph square(double[] info) {
        PoseGraph g = PoseGraph.planar();
        SE2 step = new SE2(1, 0, -Math.PI / 2);
        SE2 odometry = SE2.IDENTITY;
        for (int i = 0; i < 4; i++) {
            g.addPose(i, odometry); // initial guess: odometry chaining
            odometry = odometry.compose(step);
        }
        for (int i = 1; i < 4; i++) {
            g.addBetween(i - 1, i, step, info);
        }
        g.addBetween(3, 0, new SE2(4, 0, -Math.PI / 2), info); // should be (1, 0, −π/2)
        return g;
    }

    private static double distance(SE2 a, SE2 b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }
}
