package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.geometry.SE2;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads iSAM's edge lists (used for its ground-truth graphs): {@code EDGE2 i j dx dy dθ} + 6 and
 * {@code EDGE3 i j x y z roll pitch yaw} + 21 upper-triangular square-root information entries S,
 * with Ω = SᵀS. The files have no vertices.
 */
public final class IsamReader {
    private IsamReader() {}

    public static PoseGraphFile read(String name, BufferedReader in) throws IOException {
        GraphAssembler graph = new GraphAssembler(name);
        RecordLines.forEach(
                name,
                in,
                t -> {
                    switch (t.tag()) {
                        case "EDGE2" -> {
                            t.expect(11, "i j dx dy dtheta + 6 sqrt-information entries");
                            graph.edge(
                                    t,
                                    t.id(0),
                                    t.id(1),
                                    new SE2(t.number(2), t.number(3), t.number(4)),
                                    InformationMatrices.fromSqrtUpperTriangle(t.numbers(5, 6), 3));
                        }
                        case "EDGE3" -> {
                            t.expect(29, "i j x y z roll pitch yaw + 21 sqrt-information entries");
                            graph.edge(
                                    t,
                                    t.id(0),
                                    t.id(1),
                                    ToroReader.rpyPose(t, 2),
                                    InformationMatrices.fromSqrtUpperTriangle(t.numbers(8, 21), 6));
                        }
                        default -> throw t.error("unknown iSAM record '" + t.tag() + "'");
                    }
                });
        return graph.build(PoseGraphFormat.ISAM);
    }
}
