package io.edgeflow.control.scheduling;

import static io.edgeflow.control.scheduling.Fixtures.node;
import static io.edgeflow.control.scheduling.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.scheduling.RoutingDecision.Assigned;
import io.edgeflow.control.scheduling.RoutingDecision.Unschedulable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulingPolicyTest {

    private static String placedOn(RoutingDecision d) {
        assertThat(d).isInstanceOf(Assigned.class);
        return ((Assigned) d).assignment().nodeId();
    }

    @Test
    void roundRobinVisitsEveryNodeInTurn() {
        TaskRouter router = new TaskRouter(new RoundRobinPolicy());
        for (String id : List.of("a", "b", "c")) {
            router.upsertNode(node(id));
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            counts.merge(placedOn(router.assign(task("t" + i), 0)), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys("a", "b", "c");
        assertThat(counts.values()).containsOnly(10);
    }

    @Test
    void leastLoadedScoresOutstandingTasksPerCore() {
        LeastLoadedPolicy p = new LeastLoadedPolicy();
        NodeSnapshot idle = node("idle");
        NodeSnapshot busy = node("busy").withLoad(8, 800);
        assertThat(p.score(task("t"), idle)).isZero();
        assertThat(p.score(task("t"), busy)).isEqualTo(-2.0);

        TaskRouter router = new TaskRouter(p);
        router.upsertNode(node("a"));
        router.upsertNode(node("b"));
        // a and b alternate: each placement makes the other one the less loaded
        List<String> placed =
                List.of(
                        placedOn(router.assign(task("1"), 0)),
                        placedOn(router.assign(task("2"), 0)),
                        placedOn(router.assign(task("3"), 0)));
        assertThat(placed).containsExactly("a", "b", "a");
    }

    @Test
    void latencyScoreIsTheNegatedEstimateOfTransferQueueAndExecution() {
        NodeSnapshot n = node("n", 2.0, 30, NodeSnapshot.MAINS_POWERED, 5).withLoad(2, 800);
        Task t = task("t", 100, 10_000, PriorityClass.NORMAL);
        // rtt 30 + backlog 800 / (speed 2 * 4 cores) + work 100 / speed 2
        assertThat(new LatencyOptimizedPolicy().score(t, n)).isEqualTo(-(30 + 100 + 50));
    }

    @Test
    void latencyPrefersAFastFarNodeOverASlowNearOneOnlyWhenItPays() {
        TaskRouter router = new TaskRouter(new LatencyOptimizedPolicy());
        router.upsertNode(node("near-slow", 0.5, 2, NodeSnapshot.MAINS_POWERED, 5));
        router.upsertNode(node("far-fast", 4.0, 80, NodeSnapshot.MAINS_POWERED, 5));
        // small task: 2 + 20 = 22 ms near against 80 + 2.5 ms far
        assertThat(placedOn(router.assign(task("small", 10, 10_000, PriorityClass.NORMAL), 0)))
                .isEqualTo("near-slow");
        // large task: 2 + 2000 ms near against 80 + 250 ms far
        assertThat(placedOn(router.assign(task("large", 1_000, 10_000, PriorityClass.NORMAL), 0)))
                .isEqualTo("far-fast");
    }

    @Test
    void localityHintSkipsTheInputTransfer() {
        NodeSnapshot n = node("holder");
        Task shipped =
                new Task(
                        "t",
                        "k",
                        1,
                        1,
                        0,
                        java.util.Set.of(),
                        PriorityClass.NORMAL,
                        0,
                        1_000,
                        0,
                        1_000_000,
                        java.util.Set.of());
        Task local =
                new Task(
                        "t",
                        "k",
                        1,
                        1,
                        0,
                        java.util.Set.of(),
                        PriorityClass.NORMAL,
                        0,
                        1_000,
                        0,
                        1_000_000,
                        java.util.Set.of("holder"));
        // 8 Mbit over 100 Mbps = 80 ms on top of the 10 ms round trip
        assertThat(n.transferMillis(shipped)).isEqualTo(90.0);
        assertThat(n.transferMillis(local)).isEqualTo(10.0);
    }

    @Test
    void powerAwarePicksTheLeastEnergyAmongNodesNearlyAsQuickAsTheFastest() {
        PowerAwarePolicy p = new PowerAwarePolicy(0.2);
        NodeSnapshot frugal = node("frugal", 1.0, 10, NodeSnapshot.MAINS_POWERED, 2);
        NodeSnapshot hungry = node("hungry", 1.0, 10, NodeSnapshot.MAINS_POWERED, 20);
        Task t = task("t", 1_000, 5_000, PriorityClass.NORMAL);
        // 2 W x 1 s against 20 W x 1 s
        assertThat(p.score(t, frugal)).isEqualTo(-2.0);
        assertThat(p.score(t, hungry)).isEqualTo(-20.0);

        // with 5 s to the deadline the frugal node's 1010 ms is within a tenth of the 4323 ms the
        // fast node (677 ms) leaves spare: energy decides
        TaskRouter router = new TaskRouter(new PowerAwarePolicy(0.2, 0.1));
        router.upsertNode(frugal);
        router.upsertNode(node("fast", 1.5, 10, NodeSnapshot.MAINS_POWERED, 20));
        assertThat(placedOn(router.assign(task("a", 1_000, 5_000, PriorityClass.NORMAL), 0)))
                .isEqualTo("frugal");

        // with a 2 s deadline only 677 + 132 ms are allowed: the fast node takes it
        assertThat(placedOn(router.assign(task("b", 1_000, 2_000, PriorityClass.NORMAL), 0)))
                .isEqualTo("fast");

        // if even the fastest misses the deadline, it is the only choice
        assertThat(placedOn(router.assign(task("c", 1_000, 300, PriorityClass.NORMAL), 0)))
                .isEqualTo("fast");
    }

    @Test
    void powerAwareWeighsBatteryEnergyByChargeAndSparesTheReserve() {
        PowerAwarePolicy p = new PowerAwarePolicy(0.2);
        Task t = task("t", 1_000, 5_000, PriorityClass.NORMAL);
        NodeSnapshot full = node("full", 1.0, 10, 1.0, 2);
        NodeSnapshot half = node("half", 1.0, 10, 0.5, 2);
        NodeSnapshot low = node("low", 1.0, 10, 0.1, 2);
        assertThat(p.score(t, full)).isEqualTo(-2.0);
        assertThat(p.score(t, half)).isEqualTo(-4.0);
        assertThat(p.admits(t, low)).isFalse();
        assertThat(p.admits(task("c", 1_000, 5_000, PriorityClass.CRITICAL), low)).isTrue();

        TaskRouter router = new TaskRouter(p);
        router.upsertNode(low);
        RoutingDecision d = router.assign(t, 0);
        assertThat(d).isInstanceOf(Unschedulable.class);
        assertThat(((Unschedulable) d).reason()).contains("refused by policy power");
    }

    @Test
    void namedPoliciesMatchTheirNames() {
        for (String name : SchedulingPolicy.NAMES) {
            assertThat(SchedulingPolicy.named(name).name()).isEqualTo(name);
        }
    }
}
