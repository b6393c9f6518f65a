package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChordalInitializationTest {

    @Test
    void namesTheUnreachablePosesOfADisconnectedGraph() {
        double[] info = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        PoseGraph g = PoseGraph.planar();
        for (int i = 0; i < 5; i++) {
            g.addPose(10 + i, SE2.IDENTITY);
        }
        g.addBetween(10, 11, new SE2(1, 0, 0), info);
        g.addBetween(12, 13, new SE2(1, 0, 0), info); // 12–14 are cut off from 10
        g.addBetween(14, 13, new SE2(1, 0, 0), info);

        assertThatThrownBy(() -> ChordalInitialization.apply(g))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "pose graph is not connected: 3 poses (e.g. id 12) are unreachable from"
                                + " id 10");
    }

    @Test
    void recoversNoiseFreeSpatialPosesExactly() {
        Random rnd = new Random(3);
        int n = 40;
        SE3[] truth = new SE3[n];
        truth[0] = new SE3(SO3.exp(0.3, -0.2, 0.1), 1, 2, 3); // a non-identity first pose
        for (int i = 1; i < n; i++) {
            truth[i] =
                    truth[i - 1].compose(
                            new SE3(
                                    SO3.exp(
                                            0.5 * rnd.nextGaussian(),
                                            0.5 * rnd.nextGaussian(),
                                            1.0 * rnd.nextGaussian()),
                                    1,
                                    0.2 * rnd.nextGaussian(),
                                    0.1));
        }
        double[] info = new double[36];
        for (int k = 0; k < 6; k++) {
            info[k * 6 + k] = k < 3 ? 10 : 100;
        }
        PoseGraph g = PoseGraph.spatial();
        g.addPose(0, truth[0]);
        for (int i = 1; i < n; i++) {
            g.addPose(i, SE3.IDENTITY); // nothing known but the first pose
        }
        for (int i = 1; i < n; i++) {
            g.addBetween(i - 1, i, truth[i - 1].between(truth[i]), info);
        }
        for (int k = 0; k < 30; k++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            if (Math.abs(i - j) > 1) {
                g.addBetween(i, j, truth[i].between(truth[j]), info);
            }
        }
        ChordalInitialization.apply(g);
        for (int i = 0; i < n; i++) {
            for (double v : truth[i].localCoordinates(g.pose3(i))) {
                assertThat(Math.abs(v)).isLessThan(1e-9);
            }
        }
    }

    @Test
    void beatsOdometryOnRotationsWhenOdometryIsBiased() {
        // a planar loop whose odometry over-turns by 0.1 rad per step, closed by exact loop
        // closures: chaining accumulates the bias, the chordal relaxation spreads it
        int n = 24;
        double[] info = {1, 0, 0, 0, 1, 0, 0, 0, 100};
        PoseGraph g = PoseGraph.planar();
        SE2 step = new SE2(1, 0, 2 * Math.PI / n);
        SE2 biased = new SE2(1, 0, 2 * Math.PI / n + 0.1);
        SE2 p = SE2.IDENTITY;
        SE2[] truth = new SE2[n];
        for (int i = 0; i < n; i++) {
            truth[i] = p;
            g.addPose(i, SE2.IDENTITY);
            p = p.compose(step);
        }
        for (int i = 1; i < n; i++) {
            g.addBetween(i - 1, i, biased, info);
        }
        for (int i = 0; i + 6 < n; i += 3) {
            g.addBetween(i, i + 6, truth[i].between(truth[i + 6]), info);
        }
        PoseGraph odometry = g.copy();
        SpanningTreeInitialization.apply(odometry);
        ChordalInitialization.apply(g);
        assertThat(rotationError(g, truth)).isLessThan(rotationError(odometry, truth) / 5);
    }

    private static double rotationError(PoseGraph g, SE2[] truth) {
        double worst = 0;
        for (int i = 0; i < truth.length; i++) {
            worst = Math.max(worst, Math.abs(SE2.wrapAngle(g.pose2(i).theta() - truth[i].theta())));
        }
        return worst;
    }
}
