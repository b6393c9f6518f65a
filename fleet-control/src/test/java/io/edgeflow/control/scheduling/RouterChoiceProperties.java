package io.edgeflow.control.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.health.HealthState;
import io.edgeflow.control.scheduling.RoutingDecision.Assigned;
import io.edgeflow.control.scheduling.RoutingDecision.Unschedulable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Filter then score, checked against brute force: over random node tables and tasks, the router
 * picks a node that passes every filter with the highest score of all such nodes, and reports
 * unschedulable exactly when no node passes; a policy's columnar scores equal its per-node ones.
 */
class RouterChoiceProperties {

    @Provide
    Arbitrary<NodeSnapshot> nodes() {
        Arbitrary<Double> speed = Arbitraries.doubles().between(0.2, 3);
        Arbitrary<Double> rtt = Arbitraries.doubles().between(1, 100);
        Arbitrary<Double> battery =
                Arbitraries.oneOf(
                        Arbitraries.just(NodeSnapshot.MAINS_POWERED),
                        Arbitraries.doubles().between(0, 1));
        Arbitrary<Double> watts = Arbitraries.doubles().between(0.5, 30);
        Arbitrary<Integer> cores = Arbitraries.integers().between(1, 8);
        Arbitrary<HealthState> health =
                Arbitraries.of(
                        HealthState.UP,
                        HealthState.UP,
                        HealthState.UP,
                        HealthState.DEGRADED,
                        HealthState.DOWN);
        Arbitrary<Set<String>> caps = Arbitraries.of("gpu", "camera").set().ofMaxSize(2);
        Arbitrary<Double> backlog = Arbitraries.doubles().between(0, 5_000);
        return Combinators.combine(speed, rtt, battery, watts, cores, health, caps, backlog)
                .as(
                        (s, r, b, w, c, h, cap, bl) ->
                                new NodeSnapshot(
                                        "n",
                                        NodeType.COMPUTE,
                                        cap,
                                        c,
                                        8_192,
                                        cap.contains("gpu") ? 1 : 0,
                                        s,
                                        r,
                                        50,
                                        b,
                                        5,
                                        w,
                                        h,
                                        0,
                                        bl));
    }

    @Provide
    Arbitrary<List<NodeSnapshot>> tables() {
        return nodes().list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<Task> tasks() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.doubles().between(1, 2_000),
                        Arbitraries.longs().between(10, 10_000),
                        Arbitraries.of("gpu", "camera").set().ofMaxSize(1),
                        Arbitraries.of(PriorityClass.class),
                        Arbitraries.longs().between(0, 5_000_000))
                .as(
                        (c, w, d, cap, p, in) ->
                                new Task(
                                        "t",
                                        "k",
                                        c,
                                        256,
                                        cap.contains("gpu") ? 1 : 0,
                                        cap,
                                        p,
                                        0,
                                        d,
                                        w,
                                        in,
                                        Set.of()));
    }

    @Property
    void theChosenNodeHasTheBestScoreAmongNodesThatPassTheFilters(
            @ForAll("tables") List<NodeSnapshot> table,
            @ForAll("tasks") Task task,
            @ForAll("policies") String policyName) {
        SchedulingPolicy policy = SchedulingPolicy.named(policyName);
        TaskRouter router = new TaskRouter(policy);
        for (int i = 0; i < table.size(); i++) {
            NodeSnapshot n = table.get(i);
            router.upsertNode(named("n" + i, n));
        }
        Map<String, NodeSnapshot> before = new HashMap<>();
        List<NodeSnapshot> passing = new java.util.ArrayList<>();
        double fastest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < table.size(); i++) {
            NodeSnapshot n = router.node("n" + i).orElseThrow();
            before.put(n.nodeId(), n);
            if (HardConstraints.rejection(task, n) == null && policy.admits(task, n)) {
                passing.add(n);
                fastest = Math.min(fastest, n.estimatedCompletionMillis(task));
            }
        }
        // the relative filter, if the policy has one
        double slack = policy.completionSlack();
        double limit =
                slack == Double.POSITIVE_INFINITY
                        ? slack
                        : Math.max(fastest, fastest + slack * (task.deadlineMillis() - fastest));
        double best = Double.NEGATIVE_INFINITY;
        for (NodeSnapshot n : passing) {
            if (n.estimatedCompletionMillis(task) <= limit) {
                best = Math.max(best, policy.score(task, n));
            }
        }
        RoutingDecision d = router.assign(task, 0);
        if (best == Double.NEGATIVE_INFINITY) {
            assertThat(d).isInstanceOf(Unschedulable.class);
            return;
        }
        assertThat(d).isInstanceOf(Assigned.class);
        NodeSnapshot chosen = before.get(((Assigned) d).assignment().nodeId());
        assertThat(HardConstraints.rejection(task, chosen)).isNull();
        assertThat(policy.admits(task, chosen)).isTrue();
        assertThat(policy.score(task, chosen)).isEqualTo(best);
        assertThat(chosen.estimatedCompletionMillis(task)).isLessThanOrEqualTo(limit);
    }

    @Property
    void columnarScoresAreThePerNodeScores(
            @ForAll("tables") List<NodeSnapshot> table,
            @ForAll("tasks") Task shape,
            @ForAll("policies") String policyName,
            @ForAll boolean hinted) {
        SchedulingPolicy policy = SchedulingPolicy.named(policyName);
        // the input is already on n0 for a hinted task: its transfer is one round trip
        Task task = shape.withLocalityHints(hinted ? Set.of("n0") : Set.of());
        NodeTable nodes = new NodeTable();
        int[] slots = new int[table.size()];
        for (int i = 0; i < table.size(); i++) {
            NodeSnapshot n = table.get(i);
            slots[i] = nodes.upsert(named("n" + i, n));
            // a backlog of i tasks of growing size
            for (int k = 0; k < i; k++) {
                nodes.addLoad(slots[i], task);
            }
        }
        double[] columnar = new double[slots.length];
        policy.scoreCandidates(task, nodes, slots, columnar);
        for (int i = 0; i < slots.length; i++) {
            NodeSnapshot n = nodes.snapshot(slots[i]);
            double expected =
                    policy.admits(task, n) ? policy.score(task, n) : Double.NEGATIVE_INFINITY;
            assertThat(columnar[i]).as("n%d", i).isEqualTo(expected);
        }
    }

    /** The generated node under its own name, unloaded. */
    private static NodeSnapshot named(String id, NodeSnapshot n) {
        return new NodeSnapshot(
                id,
                n.type(),
                n.capabilities(),
                n.cpuCores(),
                n.memoryMb(),
                n.gpus(),
                n.speedFactor(),
                n.rttMillis(),
                n.bandwidthMbps(),
                n.batteryFraction(),
                n.idleWatts(),
                n.activeWattsPerCore(),
                n.health(),
                0,
                0);
    }

    @Provide
    Arbitrary<String> policies() {
        return Arbitraries.of(SchedulingPolicy.NAMES);
    }
}
