package io.edgeflow.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.health.HealthEvent;
import io.edgeflow.control.health.HealthMachine;
import io.edgeflow.control.health.HealthPolicy;
import io.edgeflow.control.health.HealthState;
import io.edgeflow.control.health.HealthStep;
import io.edgeflow.control.health.NodeHealth;
import io.edgeflow.control.scheduling.NodeSnapshot;
import io.edgeflow.control.scheduling.NodeType;
import io.edgeflow.control.scheduling.PriorityClass;
import io.edgeflow.control.scheduling.RoundRobinPolicy;
import io.edgeflow.control.scheduling.RoutingDecision;
import io.edgeflow.control.scheduling.Task;
import io.edgeflow.control.scheduling.TaskRouter;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The timing target, with the health machine and router wired the way the Flink job will
 * wire them: a crashed node's tasks are reassigned within two heartbeat intervals plus the
 * detection timeout of the crash.
 */
class FailoverTimingTest {

    private static final long INTERVAL = 1_000;

    @Property
    void tasksOfACrashedNodeMoveWithinTwoIntervalsPlusTheTimeout(
            @ForAll @LongRange(min = 0, max = 60_000) long crashAt) {
        HealthMachine machine = new HealthMachine(HealthPolicy.forHeartbeatInterval(INTERVAL));
        TaskRouter router = new TaskRouter(new RoundRobinPolicy());
        for (String id : List.of("victim", "spare")) {
            router.upsertNode(
                    new NodeSnapshot(
                            id,
                            NodeType.COMPUTE,
                            Set.of(),
                            4,
                            1_024,
                            0,
                            1,
                            5,
                            100,
                            NodeSnapshot.MAINS_POWERED,
                            10,
                            5,
                            HealthState.UP,
                            0,
                            0));
        }
        router.assign(
                new Task(
                        "t",
                        "k",
                        1,
                        1,
                        0,
                        Set.of(),
                        PriorityClass.NORMAL,
                        0,
                        1_000,
                        10,
                        0,
                        Set.of()),
                0);
        assertThat(router.openTask("t").orElseThrow().assignment().nodeId()).isEqualTo("victim");

        // heartbeats every interval until the crash, then silence; timers fire when asked
        NodeHealth h = NodeHealth.firstSeen("victim", 0);
        long timer = machine.nextTimer(h);
        long movedAt = -1;
        for (long t = INTERVAL; movedAt < 0 && t < crashAt + 60_000; t += INTERVAL) {
            while (timer <= t && movedAt < 0) {
                HealthStep s = machine.step(h, new HealthEvent.TimerFired(timer));
                h = s.next();
                if (h.state() == HealthState.DOWN) {
                    List<RoutingDecision> moved =
                            router.updateHealth("victim", HealthState.DOWN, timer);
                    assertThat(moved).hasSize(1);
                    movedAt = timer;
                }
                timer = s.nextTimerAtMillis();
            }
            if (t <= crashAt && movedAt < 0) {
                HealthStep s = machine.step(h, new HealthEvent.HeartbeatReceived(t, false));
                h = s.next();
                timer = s.nextTimerAtMillis();
            }
        }
        assertThat(movedAt).isGreaterThan(crashAt);
        assertThat(movedAt - crashAt)
                .isLessThanOrEqualTo(2 * INTERVAL + machine.policy().downAfterMillis());
        assertThat(router.openTask("t").orElseThrow().assignment().nodeId()).isEqualTo("spare");
    }
}
