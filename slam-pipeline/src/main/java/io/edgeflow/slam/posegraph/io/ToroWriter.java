package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.posegraph.BetweenFactor;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseSpace;
import java.io.IOException;
import java.io.Writer;

/** Writes a pose graph in TORO's VERTEX2/EDGE2 or VERTEX3/EDGE3 format. */
public final class ToroWriter {
    private ToroWriter() {}

    public static void write(PoseGraph g, Writer out) throws IOException {
        boolean planar = g.space() == PoseSpace.SE2;
        for (int i = 0; i < g.poseCount(); i++) {
            long id = g.id(i);
            if (planar) {
                SE2 p = g.pose2(id);
                out.write("VERTEX2 " + id + " " + p.x() + " " + p.y() + " " + p.theta() + "\n");
            } else {
                out.write("VERTEX3 " + id + " " + rpy(g.pose3(id)) + "\n");
            }
        }
        for (BetweenFactor f : g.betweenFactors()) {
            StringBuilder line = new StringBuilder(planar ? "EDGE2 " : "EDGE3 ");
            line.append(g.id(f.from())).append(' ').append(g.id(f.to())).append(' ');
            double[] m = f.information();
            if (planar) {
                double[] z = f.measured();
                line.append(z[0]).append(' ').append(z[1]).append(' ').append(z[2]);
                // Ixx Ixy Iyy Itt Ixt Iyt
                for (double v : new double[] {m[0], m[1], m[4], m[8], m[2], m[5]}) {
                    line.append(' ').append(v);
                }
            } else {
                line.append(rpy(Measurements.se3(f.measured())));
                for (double v : InformationMatrices.toUpperTriangle(m, 6)) {
                    line.append(' ').append(v);
                }
            }
            out.write(line.append('\n').toString());
        }
    }

    static String rpy(SE3 p) {
        double[] a = p.rotation().toRollPitchYaw();
        return p.x() + " " + p.y() + " " + p.z() + " " + a[0] + " " + a[1] + " " + a[2];
    }
}
