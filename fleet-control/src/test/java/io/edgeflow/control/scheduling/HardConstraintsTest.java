package io.edgeflow.control.scheduling;

import static io.edgeflow.control.scheduling.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.health.HealthState;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HardConstraintsTest {

    private final NodeSnapshot base =
            new NodeSnapshot(
                    "n",
                    NodeType.COMPUTE,
                    Set.of("camera"),
                    2,
                    1_024,
                    1,
                    1.0,
                    10,
                    100,
                    NodeSnapshot.MAINS_POWERED,
                    10,
                    5,
                    HealthState.UP,
                    0,
                    0);

    private Task needing(int cores, long memory, int gpus, Set<String> caps) {
        return new Task(
                "t",
                "k",
                cores,
                memory,
                gpus,
                caps,
                PriorityClass.NORMAL,
                0,
                1_000,
                10,
                0,
                Set.of());
    }

    @Test
    void aNodeWithEnoughOfEverythingPasses() {
        assertThat(HardConstraints.rejection(needing(2, 1_024, 1, Set.of("camera")), base))
                .isNull();
    }

    @Test
    void eachShortfallIsNamed() {
        assertThat(HardConstraints.rejection(needing(3, 1, 0, Set.of()), base))
                .isEqualTo("too few cores");
        assertThat(HardConstraints.rejection(needing(1, 2_048, 0, Set.of()), base))
                .isEqualTo("too little memory");
        assertThat(HardConstraints.rejection(needing(1, 1, 2, Set.of()), base))
                .isEqualTo("too few GPUs");
        assertThat(HardConstraints.rejection(needing(1, 1, 0, Set.of("lidar")), base))
                .isEqualTo("missing capability");
    }

    @Test
    void onlyUpNodesPass() {
        Task t = needing(1, 1, 0, Set.of());
        assertThat(HardConstraints.rejection(t, base.withHealth(HealthState.DEGRADED)))
                .isEqualTo("node not UP");
        assertThat(HardConstraints.rejection(t, base.withHealth(HealthState.DOWN)))
                .isEqualTo("node not UP");
        assertThat(HardConstraints.rejection(t, node("other"))).isNull();
    }
}
