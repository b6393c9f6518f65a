package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.posegraph.BetweenFactor;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseSpace;
import java.io.IOException;
import java.io.Writer;

/** Writes a pose graph as g2o: every vertex at its current pose, then every edge. */
public final class G2oWriter {
    private G2oWriter() {}

    public static void write(PoseGraph g, Writer out) throws IOException {
        boolean planar = g.space() == PoseSpace.SE2;
        for (int i = 0; i < g.poseCount(); i++) {
            long id = g.id(i);
            if (planar) {
                SE2 p = g.pose2(id);
                out.write("VERTEX_SE2 " + id + " " + p.x() + " " + p.y() + " " + p.theta() + "\n");
            } else {
                out.write("VERTEX_SE3:QUAT " + id + " " + se3(g.pose3(id)) + "\n");
            }
        }
        for (BetweenFactor f : g.betweenFactors()) {
            int d = g.space().tangentDim;
            StringBuilder line = new StringBuilder(planar ? "EDGE_SE2 " : "EDGE_SE3:QUAT ");
            line.append(g.id(f.from())).append(' ').append(g.id(f.to())).append(' ');
            if (planar) {
                double[] z = f.measured();
                line.append(z[0]).append(' ').append(z[1]).append(' ').append(z[2]);
            } else {
                line.append(se3(Measurements.se3(f.measured())));
            }
            for (double v : InformationMatrices.toUpperTriangle(f.information(), d)) {
                line.append(' ').append(v);
            }
            out.write(line.append('\n').toString());
        }
    }

    private static String se3(SE3 p) {
        double[] q = p.rotation().toQuaternion();
        return p.x() + " " + p.y() + " " + p.z() + " " + q[1] + " " + q[2] + " " + q[3] + " "
                + q[0];
    }
}
