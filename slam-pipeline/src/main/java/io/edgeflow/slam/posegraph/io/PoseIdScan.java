package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.posegraph.BackgroundSymbolicAnalysis.PoseIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A quick pass over a pose-graph file that keeps only the ids: the first field after a VERTEX… tag,
 * the first two after an EDGE… tag (g2o, TORO and iSAM all put them there). It feeds the symbolic
 * analysis that runs while the full parse reads the numbers; it checks nothing — the parse does,
 * and the analysis is used only if it saw the graph the parse built.
 */
final class PoseIdScan {
    private long[] vertices = new long[1024];
    private long[] from = new long[1024];
    private long[] to = new long[1024];
    private int vertexCount;
    private int edgeCount;
    private int spatialDim; // from the first record's tag

    private PoseIdScan() {}

    static PoseIds read(Path path) throws IOException {
        PoseIdScan scan = new PoseIdScan();
        try (BufferedReader in = PoseGraphFiles.open(path)) {
            String line;
            while ((line = in.readLine()) != null) {
                scan.line(line);
            }
        }
        return new PoseIds(
                Arrays.copyOf(scan.vertices, scan.vertexCount),
                Arrays.copyOf(scan.from, scan.edgeCount),
                Arrays.copyOf(scan.to, scan.edgeCount),
                scan.spatialDim);
    }

    private void line(String s) {
        int n = s.length();
        int p = skipSpace(s, 0);
        boolean record = s.startsWith("VERTEX", p) || s.startsWith("EDGE", p);
        if (record && spatialDim == 0) {
            // VERTEX_SE2, EDGE_SE3:QUAT, VERTEX2, EDGE3, and TORO's 2D VERTEX / EDGE
            String tag = s.substring(p, skipField(s, p));
            spatialDim = tag.contains("SE3") || tag.endsWith("3") ? 3 : 2;
        }
        if (s.startsWith("VERTEX", p)) {
            p = skipSpace(s, skipField(s, p));
            if (vertexCount == vertices.length) {
                vertices = Arrays.copyOf(vertices, 2 * vertexCount);
            }
            vertices[vertexCount++] = parseId(s, p, skipField(s, p));
        } else if (s.startsWith("EDGE", p)) {
            int i = skipSpace(s, skipField(s, p));
            int iEnd = skipField(s, i);
            int j = skipSpace(s, iEnd);
            if (edgeCount == from.length) {
                from = Arrays.copyOf(from, 2 * edgeCount);
                to = Arrays.copyOf(to, 2 * edgeCount);
            }
            from[edgeCount] = parseId(s, i, iEnd);
            to[edgeCount++] = parseId(s, j, j < n ? skipField(s, j) : j);
        }
    }

    private static int skipSpace(String s, int p) {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    private static int skipField(String s, int p) {
        while (p < s.length() && !Character.isWhitespace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    /** The integer in s[start, end); malformed ids fail the scan, not the read. */
    private static long parseId(String s, int start, int end) {
        return Long.parseLong(s, start, end, 10);
    }
}
