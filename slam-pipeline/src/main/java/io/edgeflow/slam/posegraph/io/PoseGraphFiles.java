package io.edgeflow.slam.posegraph.io;

import io.edgeflow.slam.posegraph.BackgroundSymbolicAnalysis;
import io.edgeflow.slam.posegraph.PoseGraph;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads and writes pose-graph files by path, gzip-aware, detecting the format. */
public final class PoseGraphFiles {
    private PoseGraphFiles() {}

    /**
     * Reads a graph; meanwhile a second thread scans the file for its ids and runs the symbolic
     * analysis of its structure ({@link BackgroundSymbolicAnalysis}), which the graph then uses.
     */
    public static PoseGraphFile read(Path path) throws IOException {
        String name = path.toString();
        PoseGraphFormat format = PoseGraphFormat.detect(name, firstTag(path));
        BackgroundSymbolicAnalysis analysis =
                BackgroundSymbolicAnalysis.start(() -> PoseIdScan.read(path));
        PoseGraphFile file;
        try (BufferedReader in = open(path)) {
            file =
                    switch (format) {
                        case G2O -> G2oReader.read(name, in);
                        case TORO -> ToroReader.read(name, in);
                        case ISAM -> IsamReader.read(name, in);
                    };
        }
        file.graph().useSymbolicAnalysis(analysis);
        return file;
    }

    public static void write(PoseGraph graph, PoseGraphFormat format, Path path)
            throws IOException {
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            switch (format) {
                case G2O -> G2oWriter.write(graph, out);
                case TORO -> ToroWriter.write(graph, out);
                case ISAM -> IsamWriter.write(graph, out);
            }
        }
    }

    static BufferedReader open(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        if (path.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static String firstTag(Path path) throws IOException {
        try (BufferedReader in = open(path)) {
            String line;
            while ((line = in.readLine()) != null) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return t.split("\\s+", 2)[0];
                }
            }
        }
        return "";
    }
}
