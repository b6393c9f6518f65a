package io.edgeflow.slam.loopclosure;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.Pose2;
import org.junit.jupiter.api.Test;

class SubmapPoseGraphTest {

    @Test
    void aLoopClosureRemovesDriftAroundASquare() {
        // True path: 4 m sides, turning left 90° at each corner, 16 nodes; one submap at the start.
        // Local SLAM's motion has a 2° heading bias per side, so the chain does not close.
        SubmapPoseGraph graph = new SubmapPoseGraph(10, 50);
        Pose2 truthStep = new Pose2(1, 0, 0);
        Pose2 turn = new Pose2(1, 0, Math.PI / 2);
        Pose2 estimate = Pose2.ORIGIN;
        Pose2 truth = Pose2.ORIGIN;
        graph.addSubmap(0, Pose2.ORIGIN);
        Pose2[] truths = new Pose2[17];
        for (int i = 0; i <= 16; i++) {
            graph.addNode(i, estimate);
            truths[i] = truth;
            if (i > 0) {
                Pose2 step = (i % 4 == 0) ? turn : truthStep;
                Pose2 measured =
                        (i % 4 == 0) ? new Pose2(1, 0, Math.PI / 2 + Math.toRadians(2)) : step;
                graph.addNodeMotion(i - 1, i, measured, 1e3, 3e3);
            }
            Pose2 next = (i % 4 == 3) ? turn : truthStep;
            truth = truth.compose(next);
            Pose2 biased = (i % 4 == 3) ? new Pose2(1, 0, Math.PI / 2 + Math.toRadians(2)) : next;
            estimate = estimate.compose(biased);
        }
        graph.addConstraint(
                new Constraint(0, 0, Pose2.ORIGIN, 500, 1600, Constraint.Kind.INTRA_SUBMAP, 1));
        double before = Math.hypot(graph.node(16).x(), graph.node(16).y());
        // The robot is back at the start, and the scan matcher says so.
        graph.addConstraint(
                new Constraint(0, 16, truths[16], 1.1e4, 1e5, Constraint.Kind.LOOP_CLOSURE, 0.8));
        graph.optimize();
        double after =
                Math.hypot(
                        graph.node(16).x() - truths[16].x(), graph.node(16).y() - truths[16].y());
        assertThat(before).isGreaterThan(0.3);
        assertThat(after).isLessThan(0.02);
        assertThat(graph.nodeCount()).isEqualTo(17);
    }
}
