package io.edgeflow.slam.posegraph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.edgeflow.slam.geometry.SE3;
import io.edgeflow.slam.posegraph.BetweenFactor;
import io.edgeflow.slam.posegraph.PoseGraph;
import io.edgeflow.slam.posegraph.PoseSpace;
import io.edgeflow.slam.posegraph.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoseGraphFilesTest {
    @TempDir Path dir;

    @Test
    void readsEdgesOnlyG2oWithoutAnInitialGuess() throws IOException {
        PoseGraphFile f = PoseGraphFiles.read(TestData.path("posegraph/CSAIL.g2o.gz"));
        assertThat(f.format()).isEqualTo(PoseGraphFormat.G2O);
        assertThat(f.hasInitialGuess()).isFalse();
        assertThat(f.graph().poseCount()).isEqualTo(1045);
        assertThat(f.graph().edgeCount()).isEqualTo(1172);
    }

    @Test
    void readsToro2dAndSkipsEquivalences() throws IOException {
        PoseGraphFile f = PoseGraphFiles.read(TestData.path("posegraph/w100.graph.gz"));
        assertThat(f.format()).isEqualTo(PoseGraphFormat.TORO);
        assertThat(f.hasInitialGuess()).isTrue();
        assertThat(f.graph().space()).isEqualTo(PoseSpace.SE2);
        assertThat(f.graph().edgeCount()).isPositive();
    }

    @ParameterizedTest
    @CsvSource({
        "intel.g2o.gz, G2O, out.g2o",
        "intel.g2o.gz, TORO, out.graph",
        "intel.g2o.gz, ISAM, out.txt",
        "smallGrid3D.g2o.gz, G2O, out.g2o",
        "smallGrid3D.g2o.gz, TORO, out.graph",
        "smallGrid3D.g2o.gz, ISAM, out.txt"
    })
    void roundTripsEveryFormat(String input, PoseGraphFormat format, String output)
            throws IOException {
        PoseGraph g = PoseGraphFiles.read(TestData.path("posegraph/" + input)).graph();
        Path out = dir.resolve(output);
        PoseGraphFiles.write(g, format, out);
        PoseGraphFile back = PoseGraphFiles.read(out);
        assertThat(back.format()).isEqualTo(format);
        PoseGraph h = back.graph();
        assertThat(h.space()).isEqualTo(g.space());
        assertThat(h.poseCount()).isEqualTo(g.poseCount());
        assertThat(h.edgeCount()).isEqualTo(g.edgeCount());
        int d = g.space().tangentDim;
        // g2o round-trips doubles exactly but SE3 goes through a quaternion; TORO/iSAM through
        // roll-pitch-yaw and a Cholesky factor
        double tol = format == PoseGraphFormat.G2O ? 1e-12 : 1e-9;
        for (int k = 0; k < g.edgeCount(); k++) {
            BetweenFactor a = g.betweenFactors().get(k), b = h.betweenFactors().get(k);
            assertThat(h.id(b.from())).isEqualTo(g.id(a.from()));
            assertThat(h.id(b.to())).isEqualTo(g.id(a.to()));
            for (int i = 0; i < a.measured().length; i++) {
                assertThat(b.measured()[i]).isCloseTo(a.measured()[i], offset(tol));
            }
            for (int i = 0; i < d * d; i++) {
                double v = a.information()[i];
                assertThat(b.information()[i]).isCloseTo(v, offset(tol * (1 + Math.abs(v))));
            }
        }
        if (format != PoseGraphFormat.ISAM) { // iSAM files carry no vertices
            for (int i = 0; i < g.poseCount(); i++) {
                long id = g.id(i);
                if (g.space() == PoseSpace.SE2) {
                    assertThat(h.pose2(id).x()).isCloseTo(g.pose2(id).x(), offset(tol));
                    assertThat(h.pose2(id).theta()).isCloseTo(g.pose2(id).theta(), offset(tol));
                } else {
                    SE3 p = g.pose3(id), q = h.pose3(id);
                    for (double v : p.localCoordinates(q)) {
                        assertThat(v).isCloseTo(0, offset(tol + 1e-12));
                    }
                }
            }
        }
    }

    @Test
    void malformedLinesNameFileLineAndReason() throws IOException {
        assertError("VERTEX_SE2 0 0 0 0\nVERTEX_SE2 1 1 0\n", "bad.g2o", ":2:", "needs 4 fields");
        assertError(
                "VERTEX_SE2 0 0 0 0\nEDGE_SE2 0 x 1 0 0 1 0 0 1 0 1\n",
                "bad.g2o",
                ":2:",
                "'x' is not an integer");
        assertError(
                "EDGE_SE2 0 1 1 0 0 1 0 0 1 0 1\n\nEDGE_SE2 1 2 1 0 NaN 1 0 0 1 0 1\n",
                "bad.g2o",
                ":3:",
                "not finite");
        assertError("EDGE_SE2 0 1 1 0 0 0 0 0 1 0 1\n", "bad.g2o", ":1:", "non-positive diagonal");
        assertError("EDGE_SE2 0 0 1 0 0 1 0 0 1 0 1\n", "bad.g2o", ":1:", "to itself");
        assertError(
                "VERTEX_SE2 0 0 0 0\nVERTEX_SE2 0 0 0 0\n", "bad.g2o", ":2:", "duplicate vertex");
        assertError(
                "VERTEX_SE2 0 0 0 0\nEDGE_SE2 0 5 1 0 0 1 0 0 1 0 1\n",
                "bad.g2o",
                ":2:",
                "not declared");
        assertError(
                "VERTEX_SE2 0 0 0 0\nVERTEX_XYZ 1 0 0 0\n", "bad.g2o", ":2:", "unknown g2o record");
        assertError(
                "VERTEX_SE2 0 0 0 0\nVERTEX_SE3:QUAT 1 0 0 0 0 0 0 1\n", "bad.g2o", ":2:", "mixes");
        assertError("VERTEX2 0 0 0 0\nEDGE2 0 1 1 0 0\n", "bad.graph", ":2:", "needs 11 fields");
        assertError("EDGE3 0 1 1 0 0 0 0 0\n", "bad.txt", ":1:", "needs 29 fields");
        assertError("VERTEX_SE3:QUAT 0 0 0 0 0 0 0 0\n", "bad.g2o", ":1:", "quaternion");
    }

    private void assertError(String content, String name, String line, String reason)
            throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        assertThatThrownBy(() -> PoseGraphFiles.read(p))
                .isInstanceOf(PoseGraphFormatException.class)
                .hasMessageContaining(p.toString() + line)
                .hasMessageContaining(reason);
    }
}
