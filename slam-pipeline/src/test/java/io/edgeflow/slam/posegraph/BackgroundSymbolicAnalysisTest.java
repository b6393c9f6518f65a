package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.posegraph.BackgroundSymbolicAnalysis.PoseIds;
import io.edgeflow.slam.posegraph.io.PoseGraphFiles;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackgroundSymbolicAnalysisTest {

    @Test
    void aGraphUsesTheAnalysisOfItsOwnIds() {
        PoseGraph g = chain(6);
        g.addBetween(4, 1, new SE2(-3, 0, 0), new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        BackgroundSymbolicAnalysis same = BackgroundSymbolicAnalysis.start(() -> idsOf(g));
        g.useSymbolicAnalysis(same);

        assertThat(g.eliminationStructure()).isSameAs(same.structure());
        assertSameStructure(g.eliminationStructure(), g.analyseStructure());
    }

    @ParameterizedTest
    @MethodSource("io.edgeflow.slam.posegraph.TestData#readerSamples")
    void theAnalysisMadeWhileReadingAFileIsTheOneTheGraphWouldMake(String file) throws IOException {
        PoseGraph read = PoseGraphFiles.read(TestData.path(file)).graph();
        BackgroundSymbolicAnalysis ofTheParsedIds =
                BackgroundSymbolicAnalysis.start(() -> idsOf(read));

        EliminationStructure fromReading = read.eliminationStructure();

        assertSameStructure(fromReading, ofTheParsedIds.structure());
        assertSameStructure(fromReading, read.analyseStructure());
    }

    @Test
    void anAnalysisOfOtherPosesIsNotUsed() {
        PoseGraph g = chain(6);
        // the scan saw a seventh pose
        BackgroundSymbolicAnalysis other =
                BackgroundSymbolicAnalysis.start(
                        () ->
                                new PoseIds(
                                        new long[0],
                                        new long[] {0, 1, 2, 3, 4, 5},
                                        new long[] {1, 2, 3, 4, 5, 6},
                                        2));
        g.useSymbolicAnalysis(other);

        assertThat(g.eliminationStructure()).isNotSameAs(other.structure());
        assertThat(g.eliminationStructure().blocks).isEqualTo(5);
    }

    @Test
    void anAnalysisOfTheSamePosesWithOtherEdgesIsNotUsed() {
        PoseGraph g = chain(6);
        g.addBetween(1, 4, new SE2(3, 0, 0), new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        // same poses and edge count, but the closure joins 2 and 4
        BackgroundSymbolicAnalysis other =
                BackgroundSymbolicAnalysis.start(
                        () ->
                                new PoseIds(
                                        new long[0],
                                        new long[] {0, 1, 2, 3, 4, 2},
                                        new long[] {1, 2, 3, 4, 5, 4},
                                        2));
        g.useSymbolicAnalysis(other);

        assertThat(g.eliminationStructure()).isNotSameAs(other.structure());
        assertSameStructure(g.eliminationStructure(), g.analyseStructure());
    }

    @Test
    void aFailedScanLeavesTheGraphToAnalyseItself() {
        PoseGraph g = chain(6);
        g.useSymbolicAnalysis(
                BackgroundSymbolicAnalysis.start(
                        () -> {
                            throw new IOException("unreadable");
                        }));

        assertSameStructure(g.eliminationStructure(), g.analyseStructure());
    }

    @Test
    void anAnalysisIsNotUsedAfterTheGraphChanged() {
        PoseGraph g = chain(6);
        g.useSymbolicAnalysis(
                BackgroundSymbolicAnalysis.start(
                        () ->
                                new PoseIds(
                                        new long[0],
                                        new long[] {0, 1, 2, 3, 4},
                                        new long[] {1, 2, 3, 4, 5},
                                        2)));
        g.addPose(6, SE2.IDENTITY);
        g.addBetween(5, 6, new SE2(1, 0, 0), new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

        assertThat(g.eliminationStructure().blocks).isEqualTo(6);
    }

    @Test
    void aSystemLaidOutAheadIsHandedOutOnce() {
        EliminationStructure s = chain(6).eliminationStructure();
        s.prepareSystem(3);

        BlockSparseCholesky first = s.newSystem(3);
        BlockSparseCholesky second = s.newSystem(3);

        assertThat(first).isNotSameAs(second);
        assertThat(first.size()).isEqualTo(second.size()).isEqualTo(15);
    }

    @Test
    void aGraphReadWithTheBackgroundAnalysisSolvesToTheSameOptimum() throws IOException {
        PoseGraph withAnalysis =
                PoseGraphFiles.read(TestData.path("posegraph/CSAIL.g2o.gz")).graph();
        PoseGraph alone = PoseGraphFiles.read(TestData.path("posegraph/CSAIL.g2o.gz")).graph();
        alone.useSymbolicAnalysis(null); // drops the one started while reading

        PoseGraphSolver solver = new PoseGraphSolver(PoseGraphSolver.Settings.defaults());
        double chi2With = solver.solve(withAnalysis, Initialization.CHORDAL).chi2();
        double chi2Alone = solver.solve(alone, Initialization.CHORDAL).chi2();

        assertThat(chi2With).isEqualTo(chi2Alone);
        assertThat(withAnalysis.copyState()).isEqualTo(alone.copyState());
    }

    private static PoseIds idsOf(PoseGraph g) {
        long[] vertices = new long[g.poseCount()];
        for (int i = 0; i < vertices.length; i++) {
            vertices[i] = g.id(i);
        }
        long[] from = new long[g.edgeCount()];
        long[] to = new long[g.edgeCount()];
        for (int k = 0; k < from.length; k++) {
            from[k] = g.id(g.betweenFactors().get(k).from());
            to[k] = g.id(g.betweenFactors().get(k).to());
        }
        return new PoseIds(vertices, from, to, g.space().spatialDim);
    }

    private static PoseGraph chain(int poses) {
        double[] info = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        PoseGraph g = PoseGraph.planar();
        for (int i = 0; i < poses; i++) {
            g.addPose(i, SE2.IDENTITY);
        }
        for (int i = 0; i + 1 < poses; i++) {
            g.addBetween(i, i + 1, new SE2(1, 0, 0), info);
        }
        return g;
    }

    private static void assertSameStructure(EliminationStructure a, EliminationStructure b) {
        assertThat(a.blocks).isEqualTo(b.blocks);
        assertThat(a.pinv).isEqualTo(b.pinv);
        assertThat(a.first).isEqualTo(b.first);
        assertThat(a.supernodeOf).isEqualTo(b.supernodeOf);
        assertThat(a.rows).isDeepEqualTo(b.rows);
        assertThat(a.neighbours).isDeepEqualTo(b.neighbours);
    }
}
