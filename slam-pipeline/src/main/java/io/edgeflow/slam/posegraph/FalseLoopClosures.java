package io.edgeflow.slam.posegraph;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import java.util.Random;

/**
 * Corrupts a graph with wrong loop closures for robustness experiments: edges between random
 * non-consecutive poses with a random relative pose (translation uniform in ±{@code extent} per
 * axis, rotation uniform in angle), carrying the information matrix of a random existing edge so
 * they look as confident as the real ones.
 */
public final class FalseLoopClosures {
    private FalseLoopClosures() {}

    /** Adds round(fraction·edges) false edges; returns how many were added. */
    public static int add(PoseGraph graph, double fraction, double extent, long seed) {
        int n = graph.poseCount();
        int count = (int) Math.round(fraction * graph.edgeCount());
        if (n < 3 || count == 0) {
            return 0;
        }
        Random rnd = new Random(seed);
        int existing = graph.edgeCount();
        for (int k = 0; k < count; k++) {
            int i, j;
            do {
                i = rnd.nextInt(n);
                j = rnd.nextInt(n);
            } while (Math.abs(i - j) <= 1);
            double[] info = graph.betweenFactors().get(rnd.nextInt(existing)).information();
            double angle = (2 * rnd.nextDouble() - 1) * Math.PI;
            if (graph.space() == PoseSpace.SE2) {
                graph.addBetween(
                        graph.id(i),
                        graph.id(j),
                        new SE2(extent * uniform(rnd), extent * uniform(rnd), angle),
                        info);
            } else {
                double ax = rnd.nextGaussian(), ay = rnd.nextGaussian(), az = rnd.nextGaussian();
                double norm = Math.sqrt(ax * ax + ay * ay + az * az);
                SO3 r = SO3.exp(angle * ax / norm, angle * ay / norm, angle * az / norm);
                graph.addBetween(
                        graph.id(i),
                        graph.id(j),
                        new SE3(
                                r,
                                extent * uniform(rnd),
                                extent * uniform(rnd),
                                extent * uniform(rnd)),
                        info);
            }
        }
        return count;
    }

    private static double uniform(Random rnd) {
        return 2 * rnd.nextDouble() - 1;
    }
}
