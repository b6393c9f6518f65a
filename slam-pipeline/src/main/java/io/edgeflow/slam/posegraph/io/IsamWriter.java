package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.posegraph.BetweenFactor;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseSpace;
import java.io.IOException;
import java.io.Writer;

/** Writes a graph's edges in iSAM's EDGE2/EDGE3 format (square-root information). */
public final class IsamWriter {
    private IsamWriter() {}

    public static void write(PoseGraph g, Writer out) throws IOException {
        boolean planar = g.space() == PoseSpace.SE2;
        int d = g.space().tangentDim;
        for (BetweenFactor f : g.betweenFactors()) {
            StringBuilder line = new StringBuilder(planar ? "EDGE2 " : "EDGE3 ");
            line.append(g.id(f.from())).append(' ').append(g.id(f.to())).append(' ');
            if (planar) {
                double[] z = f.measured();
                line.append(z[0]).append(' ').append(z[1]).append(' ').append(z[2]);
            } else {
                line.append(ToroWriter.rpy(Measurements.se3(f.measured())));
            }
            for (double v : InformationMatrices.toSqrtUpperTriangle(f.information(), d)) {
                line.append(' ').append(v);
            }
            out.write(line.append('\n').toString());
        }
    }
}
