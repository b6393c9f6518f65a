package io.edgeflow.control.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.health.HealthEvent.HeartbeatReceived;
import io.edgeflow.control.health.HealthEvent.TimerFired;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class HealthMachineProperties {

    private static final long INTERVAL = 1_000;
    private final HealthPolicy policy = HealthPolicy.forHeartbeatInterval(INTERVAL);
    private final HealthMachine machine = new HealthMachine(policy);

    /**
     * Runs heartbeats with the given gaps, firing every timer the machine asks for in between, the
     * way the Flink wrapper would; returns the transitions.
     */
    private List<HealthTransition> run(List<Long> gaps) {
        NodeHealth h = NodeHealth.firstSeen("n", 0);
        long timer = machine.nextTimer(h);
        long t = 0;
        List<HealthTransition> transitions = new ArrayList<>();
        for (long gap : gaps) {
            t += gap;
            while (timer <= t) {
                HealthStep s = machine.step(h, new TimerFired(timer));
                s.transition().ifPresent(transitions::add);
                h = s.next();
                timer = s.nextTimerAtMillis();
            }
            HealthStep s = machine.step(h, new HeartbeatReceived(t, false));
            s.transition().ifPresent(transitions::add);
            h = s.next();
            timer = s.nextTimerAtMillis();
        }
        return transitions;
    }

    @Property
    void onTimeHeartbeatsNeverLeaveUp(
            @ForAll @Size(max = 200) List<@LongRange(min = 1, max = 2_499) Long> gaps) {
        assertThat(run(gaps)).isEmpty();
    }

    @Property
    void aFlappingNodeChangesStateAtMostOnce(
            @ForAll @IntRange(min = 1, max = 100) int flaps,
            @ForAll @LongRange(min = 2_500, max = 4_999) long lateGap,
            @ForAll @LongRange(min = 1, max = 1_500) long onTimeGap) {
        // late, on time, late, on time ...: each late heartbeat breaks the recovery streak
        // before it reaches 3, so the node leaves UP once and stays DEGRADED, never DOWN.
        List<Long> gaps = new ArrayList<>();
        for (int i = 0; i < flaps; i++) {
            gaps.add(lateGap);
            gaps.add(onTimeGap);
        }
        List<HealthTransition> transitions = run(gaps);
        assertThat(transitions).hasSize(1);
        assertThat(transitions.get(0).to()).isEqualTo(HealthState.DEGRADED);
    }

    @Property
    void downExactlyWhenSilenceReachesTheTimeout(
            @ForAll @LongRange(min = 1, max = 20_000) long silence) {
        NodeHealth h = NodeHealth.firstSeen("n", 0);
        HealthState state = machine.step(h, new TimerFired(silence)).next().state();
        HealthState expected =
                silence >= policy.downAfterMillis()
                        ? HealthState.DOWN
                        : silence >= policy.suspectAfterMillis()
                                ? HealthState.DEGRADED
                                : HealthState.UP;
        assertThat(state).isEqualTo(expected);
    }

    @Property
    void everyTransitionChangesTheStateAndTimesAreOrdered(
            @ForAll @Size(max = 100) List<@LongRange(min = 1, max = 12_000) Long> gaps) {
        List<HealthTransition> transitions = run(gaps);
        for (int i = 0; i < transitions.size(); i++) {
            HealthTransition t = transitions.get(i);
            assertThat(t.from()).isNotEqualTo(t.to());
            if (i > 0) {
                assertThat(t.from()).isEqualTo(transitions.get(i - 1).to());
                assertThat(t.atMillis()).isGreaterThanOrEqualTo(transitions.get(i - 1).atMillis());
            }
            // DOWN is only left through probation, never straight back to UP
            if (t.from() == HealthState.DOWN) {
                assertThat(t.to()).isEqualTo(HealthState.DEGRADED);
            }
        }
    }
}
