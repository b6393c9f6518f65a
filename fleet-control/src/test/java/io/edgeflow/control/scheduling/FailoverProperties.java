package io.edgeflow.control.scheduling;

import static io.edgeflow.control.scheduling.Fixtures.node;
import static io.edgeflow.control.scheduling.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.health.HealthState;
import io.edgeflow.control.scheduling.RoutingDecision.Assigned;
import io.edgeflow.control.scheduling.RoutingDecision.FailedOver;
import io.edgeflow.control.scheduling.RoutingDecision.Unschedulable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random histories of task arrivals (with replays), completions, nodes going DOWN (often more than
 * once) and coming back UP, checked the way a Jepsen checker reads a history: afterwards, from the
 * decisions alone.
 */
class FailoverProperties {

    private static final int NODES = 5;

    sealed interface Op {}

    record Arrive(int task) implements Op {}

    record Complete(int task) implements Op {}

    record Down(int node) implements Op {}

    record Up(int node) implements Op {}

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<Integer> taskIds = Arbitraries.integers().between(0, 40);
        Arbitrary<Integer> nodeIds = Arbitraries.integers().between(0, NODES - 1);
        Arbitrary<Op> op =
                Arbitraries.frequencyOf(
                        Tuple.of(5, taskIds.map(Arrive::new)),
                        Tuple.of(2, taskIds.map(Complete::new)),
                        Tuple.of(1, nodeIds.map(Down::new)),
                        Tuple.of(1, nodeIds.map(Up::new)));
        return op.list().ofMaxSize(150);
    }

    @Property
    void eachTaskIsReassignedAtMostOnceAndOnlyWhenItsNodeWentDown(
            @ForAll("histories") List<Op> history, @ForAll("policies") String policy) {
        TaskRouter router = new TaskRouter(SchedulingPolicy.named(policy));
        for (int i = 0; i < NODES; i++) {
            router.upsertNode(node("n" + i));
        }
        Map<String, Integer> reassignments = new HashMap<>();
        Map<String, Integer> placements = new HashMap<>();
        Set<String> failed = new HashSet<>();
        long time = 0;
        for (Op op : history) {
            time++;
            List<RoutingDecision> decisions = new ArrayList<>();
            if (op instanceof Arrive a) {
                decisions.add(router.assign(task("t" + a.task()), time));
            } else if (op instanceof Complete c) {
                router.complete("t" + c.task());
            } else if (op instanceof Down d) {
                String nodeId = "n" + d.node();
                List<String> wasOpen = List.copyOf(router.openTasksOn(nodeId));
                List<RoutingDecision> moved = router.updateHealth(nodeId, HealthState.DOWN, time);
                // every task open on the node gets exactly one decision, none lands there again
                assertThat(moved)
                        .extracting(RoutingDecision::taskId)
                        .containsExactlyElementsOf(wasOpen);
                for (RoutingDecision m : moved) {
                    if (m instanceof Assigned as) {
                        assertThat(as.assignment().nodeId()).isNotEqualTo(nodeId);
                        assertThat(as.assignment().attempt()).isEqualTo(1);
                    }
                }
                decisions.addAll(moved);
            } else if (op instanceof Up u) {
                router.updateHealth("n" + u.node(), HealthState.UP, time);
            }
            for (RoutingDecision d : decisions) {
                if (d instanceof Assigned as && !as.replay()) {
                    placements.merge(d.taskId(), 1, Integer::sum);
                    if (as.assignment().attempt() == 1) {
                        reassignments.merge(d.taskId(), 1, Integer::sum);
                    }
                }
                if (d instanceof FailedOver || d instanceof Unschedulable) {
                    assertThat(failed.add(d.taskId())).as("closed twice: %s", d).isTrue();
                }
            }
        }
        assertThat(reassignments.values()).allMatch(n -> n == 1);
        assertThat(placements.values()).allMatch(n -> n <= 2);
        // the accounting returns to the open tasks it holds
        int accounted = 0;
        for (int i = 0; i < NODES; i++) {
            accounted += router.node("n" + i).orElseThrow().assignedTasks();
        }
        assertThat(accounted).isEqualTo(router.openTaskCount());
    }

    @Provide
    Arbitrary<String> policies() {
        return Arbitraries.of(SchedulingPolicy.NAMES);
    }

    @Property
    void replayingAHistoryGivesTheSameDecisions(@ForAll("histories") List<Op> history) {
        // determinism: a restarted job that replays the same input reaches the same placements
        assertThat(decisionsOf(history)).isEqualTo(decisionsOf(history));
    }

    private List<RoutingDecision> decisionsOf(List<Op> history) {
        TaskRouter router = new TaskRouter(new LeastLoadedPolicy());
        for (int i = 0; i < NODES; i++) {
            router.upsertNode(node("n" + i));
        }
        List<RoutingDecision> out = new ArrayList<>();
        long time = 0;
        for (Op op : history) {
            time++;
            if (op instanceof Arrive a) {
                out.add(router.assign(task("t" + a.task()), time));
            } else if (op instanceof Complete c) {
                router.complete("t" + c.task());
            } else if (op instanceof Down d) {
                out.addAll(router.updateHealth("n" + d.node(), HealthState.DOWN, time));
            } else if (op instanceof Up u) {
                router.updateHealth("n" + u.node(), HealthState.UP, time);
            }
        }
        return out;
    }
}
