package io.edgeflow.slam.scanmatching;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;

/** The match score of points at a pose: mean probability of the cells the points fall into. */
public final class GridScore {
    private GridScore() {}

    public static double score(ProbabilityGrid grid, Pose2 pose, PointSet points) {
        if (points.size() == 0) {
            return 0;
        }
        PointSet t = points.transformed(pose);
        double sum = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += grid.probability(grid.cellX(t.xs()[i]), grid.cellY(t.ys()[i]));
        }
        return sum / t.size();
    }
}
