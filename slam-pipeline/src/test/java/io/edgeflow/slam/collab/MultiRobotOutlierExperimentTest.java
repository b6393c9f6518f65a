package io.edgeflow.slam.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeflow.slam.collab.MultiRobotOutlierExperiment.Corruption;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Distributed-mapper block worlds (2, 4, 9 robots) with 20 % of the inter-robot closures false. */
class MultiRobotOutlierExperimentTest {
    private static final Path BLOCKS_WORLD = Path.of("../data/multirobot/blocks_world");

    @ParameterizedTest(name = "{0} robots, seed {1}")
    @CsvSource({"2, 1", "4, 1", "4, 2", "9, 1"})
    void withFalseClosuresAddedTheMergeReachesTheFullGraphOptimum(int robots, long seed)
            throws Exception {
        MultiRobotOutlierExperiment.Result r =
                MultiRobotOutlierExperiment.run(
                        BLOCKS_WORLD.resolve(robots + "robots"), Corruption.ADD, 0.2, 5.0, seed);
        assertThat(r.injected()).isPositive();
        assertThat(r.acceptedFalse()).as("false closures accepted").isZero();
        assertThat(r.unjoined()).as("robots left out").isEmpty();
        assertThat(r.oracleChi2Ratio())
                .as("oracle merge vs centralized optimum")
                .isCloseTo(1, within(1e-3));
        assertThat(r.chi2Ratio()).as("χ² over the full optimum").isLessThan(1.05);
        assertThat(r.acceptAllChi2Ratio())
                .as("accepting everything ruins the map")
                .isGreaterThan(2);
    }

    @ParameterizedTest(name = "{0} robots, seed {1}")
    @CsvSource({"4, 1", "9, 2"})
    void withFalseClosuresReplacingRealOnesOnlyUnconfirmableRealOnesAreLost(int robots, long seed)
            throws Exception {
        MultiRobotOutlierExperiment.Result r =
                MultiRobotOutlierExperiment.run(
                        BLOCKS_WORLD.resolve(robots + "robots"),
                        Corruption.REPLACE,
                        0.2,
                        5.0,
                        seed);
        assertThat(r.acceptedFalse()).as("false closures accepted").isZero();
        assertThat(r.unjoined()).as("robots left out").isEmpty();
        // a real closure is only lost when no other real one between the same robots confirms it
        assertThat(r.rejectedTrue()).as("real closures rejected").isEqualTo(r.rejectedTrueAlone());
        assertThat(r.chi2Ratio()).as("χ² over the optimum").isLessThan(r.acceptAllChi2Ratio());
    }
}
