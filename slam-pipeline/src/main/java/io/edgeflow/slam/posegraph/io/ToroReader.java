package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.geometry.SO3;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads TORO graphs: {@code VERTEX2 id x y θ}, {@code EDGE2 i j dx dy dθ Ixx Ixy Iyy Itt Ixt Iyt},
 * {@code VERTEX3 id x y z roll pitch yaw}, {@code EDGE3 i j x y z roll pitch yaw} + 21
 * upper-triangular information entries. The roll-pitch-yaw information is used as information on
 * the rotation vector, which agrees to first order. {@code EQUIV} and GTSAM's landmark lines
 * ({@code BR}, {@code LANDMARK}) are not pose-graph records and are skipped.
 */
public final class ToroReader {
    private ToroReader() {}

    public static PoseGraphFile read(String name, BufferedReader in) throws IOException {
        GraphAssembler graph = new GraphAssembler(name);
        RecordLines.forEach(
                name,
                in,
                t -> {
                    switch (t.tag()) {
                        case "VERTEX2", "VERTEX" -> {
                            t.expect(4, "id x y theta");
                            graph.vertex(
                                    t, t.id(0), new SE2(t.number(1), t.number(2), t.number(3)));
                        }
                        case "EDGE2", "EDGE" -> {
                            t.expect(11, "i j dx dy dtheta Ixx Ixy Iyy Itt Ixt Iyt");
                            double ixx = t.number(5), ixy = t.number(6), iyy = t.number(7);
                            double itt = t.number(8), ixt = t.number(9), iyt = t.number(10);
                            graph.edge(
                                    t,
                                    t.id(0),
                                    t.id(1),
                                    new SE2(t.number(2), t.number(3), t.number(4)),
                                    new double[] {ixx, ixy, ixt, ixy, iyy, iyt, ixt, iyt, itt});
                        }
                        case "VERTEX3" -> {
                            t.expect(7, "id x y z roll pitch yaw");
                            graph.vertex(t, t.id(0), rpyPose(t, 1));
                        }
                        case "EDGE3" -> {
                            t.expect(29, "i j x y z roll pitch yaw + 21 information entries");
                            graph.edge(
                                    t,
                                    t.id(0),
                                    t.id(1),
                                    rpyPose(t, 2),
                                    InformationMatrices.fromUpperTriangle(t.numbers(8, 21), 6));
                        }
                        case "EQUIV", "BR", "LANDMARK" -> {
                            // not pose-graph records
                        }
                        default -> throw t.error("unknown TORO record '" + t.tag() + "'");
                    }
                });
        return graph.build(PoseGraphFormat.TORO);
    }

    static SE3 rpyPose(LineTokens t, int k) {
        return new SE3(
                SO3.ofRollPitchYaw(t.number(k + 3), t.number(k + 4), t.number(k + 5)),
                t.number(k),
                t.number(k + 1),
                t.number(k + 2));
    }
}
