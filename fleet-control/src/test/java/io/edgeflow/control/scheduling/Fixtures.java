package io.edgeflow.control.scheduling;

import io.edgeflow.control.health.HealthState;
import java.util.Set;

/** Builders for the nodes and tasks the scheduling tests place. */
final class Fixtures {

    private Fixtures() {}

    static NodeSnapshot node(String id) {
        return new NodeSnapshot(
                id,
                NodeType.COMPUTE,
                Set.of(),
                4,
                8_192,
                0,
                1.0,
                10,
                100,
                NodeSnapshot.MAINS_POWERED,
                10,
                5,
                HealthState.UP,
                0,
                0);
    }

    static NodeSnapshot node(
            String id, double speed, double rtt, double battery, double activeWattsPerCore) {
        return new NodeSnapshot(
                id,
                NodeType.COMPUTE,
                Set.of(),
                4,
                8_192,
                0,
                speed,
                rtt,
                100,
                battery,
                10,
                activeWattsPerCore,
                HealthState.UP,
                0,
                0);
    }

    static Task task(String id) {
        return task(id, 100, 10_000, PriorityClass.NORMAL);
    }

    static Task task(String id, double workMillis, long deadlineMillis, PriorityClass priority) {
        return new Task(
                id,
                "detect",
                1,
                512,
                0,
                Set.of(),
                priority,
                0,
                deadlineMillis,
                workMillis,
                0,
                Set.of());
    }
}
