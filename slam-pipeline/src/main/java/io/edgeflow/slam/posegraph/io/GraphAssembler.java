package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Collects the vertices and edges of a file as the readers parse them, then builds the graph with
 * poses in ascending id order (so the first pose, the gauge anchor, is the smallest id).
 */
final class GraphAssembler {
    private final String file;
    private PoseSpace space;
    private final Map<Long, Object> vertices = new HashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    private record Edge(long from, long to, Object measured, double[] information, int line) {}

    GraphAssembler(String file) {
        this.file = file;
    }

    void vertex(LineTokens t, long id, Object pose) {
        dimension(t, pose);
        if (vertices.putIfAbsent(id, pose) != null) {
            throw t.error("duplicate vertex id " + id);
        }
    }

    void edge(LineTokens t, long from, long to, Object measured, double[] information) {
        dimension(t, measured);
        if (from == to) {
            throw t.error("edge joins vertex " + from + " to itself");
        }
        int d = space.tangentDim;
        for (int k = 0; k < d; k++) {
            if (!(information[k * d + k] > 0)) {
                throw t.error("information matrix has a non-positive diagonal entry " + (k + 1));
            }
        }
        edges.add(new Edge(from, to, measured, information, t.line()));
    }

    PoseGraphFile build(PoseGraphFormat format) {
        if (space == null) {
            throw new PoseGraphFormatException(file, 0, "no vertices or edges found");
        }
        TreeSet<Long> ids = new TreeSet<>(vertices.keySet());
        for (Edge e : edges) {
            ids.add(e.from);
            ids.add(e.to);
        }
        if (!vertices.isEmpty()) {
            for (Edge e : edges) {
                for (long id : new long[] {e.from, e.to}) {
                    if (!vertices.containsKey(id)) {
                        throw new PoseGraphFormatException(
                                file,
                                e.line,
                                "edge refers to vertex " + id + " that is not declared");
                    }
                }
            }
        }
        PoseGraph g = new PoseGraph(space);
        for (long id : ids) {
            Object p = vertices.get(id);
            if (p instanceof SE2 p2) {
                g.addPose(id, p2);
            } else if (p instanceof SE3 p3) {
                g.addPose(id, p3);
            } else {
                g.ensurePose(id);
            }
        }
        for (Edge e : edges) {
            if (e.measured instanceof SE2 z) {
                g.addBetween(e.from, e.to, z, e.information);
            } else {
                g.addBetween(e.from, e.to, (SE3) e.measured, e.information);
            }
        }
        return new PoseGraphFile(file, format, g, !vertices.isEmpty());
    }

    private void dimension(LineTokens t, Object pose) {
        PoseSpace s = pose instanceof SE2 ? PoseSpace.SE2 : PoseSpace.SE3;
        if (space == null) {
            space = s;
        } else if (space != s) {
            throw t.error("mixes " + space + " and " + s + " records in one file");
        }
    }
}
