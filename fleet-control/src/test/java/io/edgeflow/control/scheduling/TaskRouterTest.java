package io.edgeflow.control.scheduling;

import static io.edgeflow.control.scheduling.Fixtures.node;
import static io.edgeflow.control.scheduling.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.health.HealthState;
import io.edgeflow.control.scheduling.RoutingDecision.AlreadyClosed;
import io.edgeflow.control.scheduling.RoutingDecision.Assigned;
import io.edgeflow.control.scheduling.RoutingDecision.FailedOver;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRouterTest {

    private TaskRouter routerWith(String... ids) {
        TaskRouter router = new TaskRouter(new RoundRobinPolicy());
        for (String id : ids) {
            router.upsertNode(node(id));
        }
        return router;
    }

    @Test
    void aReplayedTaskKeepsItsPlacement() {
        TaskRouter router = routerWith("a", "b");
        Assigned first = (Assigned) router.assign(task("t"), 0);
        RoutingDecision again = router.assign(task("t"), 5);
        assertThat(again).isEqualTo(new Assigned(first.assignment(), true));
        assertThat(router.node(first.assignment().nodeId()).orElseThrow().assignedTasks())
                .isEqualTo(1);
    }

    @Test
    void aClosedTaskIsNotPlacedAgain() {
        TaskRouter router = routerWith("a");
        router.assign(task("t"), 0);
        assertThat(router.complete("t")).isTrue();
        assertThat(router.complete("t")).isFalse();
        assertThat(router.assign(task("t"), 1)).isEqualTo(new AlreadyClosed("t"));
        assertThat(router.node("a").orElseThrow().assignedTasks()).isZero();
        assertThat(router.node("a").orElseThrow().backlogMillis()).isZero();
    }

    @Test
    void downMovesTasksOffOnceAndASecondDownFailsThem() {
        TaskRouter router = routerWith("a", "b", "c");
        router.assign(task("t"), 0); // round robin from the start: a
        assertThat(router.openTask("t").orElseThrow().assignment().nodeId()).isEqualTo("a");

        List<RoutingDecision> moved = router.updateHealth("a", HealthState.DOWN, 100);
        assertThat(moved).hasSize(1);
        Assignment second = ((Assigned) moved.get(0)).assignment();
        assertThat(second.nodeId()).isNotEqualTo("a");
        assertThat(second.attempt()).isEqualTo(1);
        assertThat(second.assignedAtMillis()).isEqualTo(100);

        // the same DOWN seen again (a replay) moves nothing
        assertThat(router.updateHealth("a", HealthState.DOWN, 100)).isEmpty();

        List<RoutingDecision> lost = router.updateHealth(second.nodeId(), HealthState.DOWN, 200);
        assertThat(lost).containsExactly(new FailedOver("t", second.nodeId()));
        assertThat(router.openTaskCount()).isZero();
        assertThat(router.assign(task("t"), 300)).isEqualTo(new AlreadyClosed("t"));
    }

    @Test
    void aRegistryUpdateKeepsTheRoutersLoadAccounting() {
        TaskRouter router = routerWith("a");
        router.assign(task("t1"), 0);
        router.assign(task("t2"), 0);
        router.upsertNode(node("a").withBattery(0.5));
        NodeSnapshot a = router.node("a").orElseThrow();
        assertThat(a.assignedTasks()).isEqualTo(2);
        assertThat(a.backlogMillis()).isEqualTo(200.0);
        assertThat(a.batteryFraction()).isEqualTo(0.5);
    }

    @Test
    void aRestoredRouterKeepsPlacementsLoadAndClosedIdsAndFailsOverOnlyOnce() {
        TaskRouter before = routerWith("a", "b", "c");
        for (int i = 0; i < 6; i++) {
            before.assign(task("t" + i), 0);
        }
        before.complete("t0");
        // what a Flink wrapper checkpoints: node table, open tasks, closed ids
        TaskRouter after = routerWith("a", "b", "c");
        before.openTasks().forEach(after::restoreOpen);
        before.closedTaskIds().forEach(after::restoreClosed);

        assertThat(after.openTaskCount()).isEqualTo(before.openTaskCount());
        for (String n : List.of("a", "b", "c")) {
            assertThat(after.node(n).orElseThrow().assignedTasks())
                    .isEqualTo(before.node(n).orElseThrow().assignedTasks());
            assertThat(after.openTasksOn(n)).containsExactlyElementsOf(before.openTasksOn(n));
        }
        assertThat(after.assign(task("t0"), 1)).isEqualTo(new AlreadyClosed("t0"));
        assertThat(after.assign(task("t1"), 1))
                .isEqualTo(new Assigned(before.openTask("t1").orElseThrow().assignment(), true));

        String lost = before.openTask("t1").orElseThrow().assignment().nodeId();
        List<RoutingDecision> moved = after.updateHealth(lost, HealthState.DOWN, 10);
        assertThat(moved).hasSize(before.openTasksOn(lost).size()).isNotEmpty();
        assertThat(moved)
                .allSatisfy(
                        d -> {
                            Assigned a = (Assigned) d;
                            assertThat(a.assignment().attempt()).isEqualTo(1);
                            assertThat(a.assignment().nodeId()).isNotEqualTo(lost);
                        });
        assertThat(after.updateHealth(lost, HealthState.DOWN, 11)).isEmpty();
    }
}
