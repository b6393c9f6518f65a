package io.edgeflow.slam.posegraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.slam.posegraph.io.PoseGraphFiles;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The supernodal factorization and CSparse's agree on the first LM system of real graphs. */
class CholeskyComparisonTest {

    @ParameterizedTest
    @ValueSource(strings = {"intel.g2o.gz", "smallGrid3D.g2o.gz", "CSAIL.g2o.gz"})
    void supernodalAndCsparseSolutionsAgree(String file) throws IOException {
        PoseGraph graph = PoseGraphFiles.read(TestData.path("posegraph/" + file)).graph();

        CholeskyComparison.Result r = CholeskyComparison.run(graph, 1);

        assertThat(r.unknowns()).isEqualTo((graph.poseCount() - 1) * graph.space().tangentDim);
        assertThat(r.maxDifference()).isLessThan(1e-9);
        // same ordering: relaxed supernodes only add stored zeros to CSparse's nonzeros
        assertThat(r.factorNonZeros()).isGreaterThanOrEqualTo(r.csparseNonZeros());
        assertThat(r.factorNonZeros()).isLessThan(2 * r.csparseNonZeros());
    }
}
