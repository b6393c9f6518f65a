package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import java.io.BufferedReader;
import java.io.IOException;

/** Reads g2o pose graphs (SE2 and SE3:QUAT vertices and edges); edges-only files are fine. */
public final class G2oReader {
    private G2oReader() {}

    public static PoseGraphFile read(String name, BufferedReader in) throws IOException {
        GraphAssembler graph = new GraphAssembler(name);
        RecordLines.forEach(
                name,
                in,
                t -> {
                    switch (t.tag()) {
                        case "VERTEX_SE2" -> {
                            t.expect(4, "id x y theta");
                            graph.vertex(
                                    t, t.id(0), new SE2(t.number(1), t.number(2), t.number(3)));
                        }
                        case "EDGE_SE2" -> {
                            t.expect(11, "i j dx dy dtheta I11 I12 I13 I22 I23 I33");
                            graph.edge(
                                    t,
                                    t.id(0),
                                    t.id(1),
                                    new SE2(t.number(2), t.number(3), t.number(4)),
                                    InformationMatrices.fromUpperTriangle(t.numbers(5, 6), 3));
                        }
                        case "VERTEX_SE3:QUAT" -> {
                            t.expect(8, "id x y z qx qy qz qw");
                            graph.vertex(t, t.id(0), se3(t, 1));
                        }
                        case "EDGE_SE3:QUAT" -> {
                            t.expect(30, "i j x y z qx qy qz qw + 21 information entries");
                            graph.edge(
                                    t,
                                    t.id(0),
                                    t.id(1),
                                    se3(t, 2),
                                    InformationMatrices.fromUpperTriangle(t.numbers(9, 21), 6));
                        }
                        case "FIX" -> {
                            // g2o's gauge hint; we always hold the first pose fixed
                        }
                        default -> throw t.error("unknown g2o record '" + t.tag() + "'");
                    }
                });
        return graph.build(PoseGraphFormat.G2O);
    }

    private static SE3 se3(LineTokens t, int k) {
        try {
            return SE3.ofQuaternion(
                    t.number(k),
                    t.number(k + 1),
                    t.number(k + 2),
                    t.number(k + 6),
                    t.number(k + 3),
                    t.number(k + 4),
                    t.number(k + 5));
        } catch (IllegalArgumentException e) {
            throw t.error(e.getMessage());
        }
    }
}
