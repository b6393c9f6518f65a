package io.edgeflow.slam.posegraph.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.slam.posegraph.BackgroundSymbolicAnalysis.PoseIds;
import io.edgeflow.slam.posegraph.BetweenFactor;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PoseIdScanTest {

    /** The quick scan sees the ids the full parse builds the graph from, for every reader. */
    @ParameterizedTest
    @MethodSource("io.edgeflow.slam.posegraph.TestData#readerSamples")
    void findsTheIdsTheParserReads(String file) throws IOException {
        Path path = TestData.path(file);
        PoseGraph graph = PoseGraphFiles.read(path).graph();

        PoseIds ids = PoseIdScan.read(path);

        List<BetweenFactor> edges = graph.betweenFactors();
        long[] from = new long[edges.size()];
        long[] to = new long[edges.size()];
        for (int k = 0; k < from.length; k++) {
            from[k] = graph.id(edges.get(k).from());
            to[k] = graph.id(edges.get(k).to());
        }
        assertThat(ids.spatialDim()).isEqualTo(graph.space().spatialDim);
        assertThat(ids.from()).isEqualTo(from);
        assertThat(ids.to()).isEqualTo(to);
        long[] poses = new long[graph.poseCount()];
        for (int i = 0; i < poses.length; i++) {
            poses[i] = graph.id(i);
        }
        long[] scanned =
                java.util.stream.LongStream.concat(
                                Arrays.stream(ids.vertexIds()),
                                java.util.stream.LongStream.concat(
                                        Arrays.stream(ids.from()), Arrays.stream(ids.to())))
                        .distinct()
                        .sorted()
                        .toArray();
        assertThat(scanned).isEqualTo(poses);
    }
}
