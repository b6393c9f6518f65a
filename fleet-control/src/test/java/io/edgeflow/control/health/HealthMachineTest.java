package io.edgeflow.control.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.health.HealthEvent.HeartbeatReceived;
import io.edgeflow.control.health.HealthEvent.TimerFired;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthMachineTest {

    private static final long INTERVAL = 1_000;
    private final HealthMachine machine =
            new HealthMachine(HealthPolicy.forHeartbeatInterval(INTERVAL));

    @Test
    void silenceMovesUpToDegradedThenDown() {
        NodeHealth h = NodeHealth.firstSeen("n1", 0);
        HealthStep s = machine.step(h, new TimerFired(2_499));
        assertThat(s.next().state()).isEqualTo(HealthState.UP);
        assertThat(s.transition()).isEmpty();

        s = machine.step(s.next(), new TimerFired(2_500));
        assertThat(s.next().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(s.transition())
                .get()
                .extracting(HealthTransition::from, HealthTransition::to)
                .containsExactly(HealthState.UP, HealthState.DEGRADED);
        assertThat(s.nextTimerAtMillis()).isEqualTo(5_000);

        s = machine.step(s.next(), new TimerFired(5_000));
        assertThat(s.next().state()).isEqualTo(HealthState.DOWN);
        assertThat(s.nextTimerAtMillis()).isEqualTo(HealthStep.NO_TIMER);
    }

    @Test
    void lateTimerGoesStraightFromUpToDown() {
        HealthStep s = machine.step(NodeHealth.firstSeen("n1", 0), new TimerFired(7_000));
        assertThat(s.next().state()).isEqualTo(HealthState.DOWN);
        assertThat(s.transition())
                .get()
                .extracting(HealthTransition::from)
                .isEqualTo(HealthState.UP);
    }

    @Test
    void staleTimerAfterHeartbeatChangesNothing() {
        NodeHealth h = NodeHealth.firstSeen("n1", 0);
        h = machine.step(h, new HeartbeatReceived(2_000, false)).next();
        // The timer set after the first heartbeat (at 2 500) fires after the newer heartbeat.
        HealthStep s = machine.step(h, new TimerFired(2_500));
        assertThat(s.next()).isEqualTo(h);
        assertThat(s.transition()).isEmpty();
        assertThat(s.nextTimerAtMillis()).isEqualTo(4_500);
    }

    @Test
    void downNodeRecoversOnlyAfterAStreakOfOnTimeHeartbeats() {
        NodeHealth h = machine.step(NodeHealth.firstSeen("n1", 0), new TimerFired(5_000)).next();
        assertThat(h.state()).isEqualTo(HealthState.DOWN);

        List<HealthState> states = new ArrayList<>();
        for (long t = 10_000; t <= 13_000; t += INTERVAL) {
            h = machine.step(h, new HeartbeatReceived(t, false)).next();
            states.add(h.state());
        }
        // first heartbeat: probation; streak of 3 reached on the third heartbeat
        assertThat(states)
                .containsExactly(
                        HealthState.DEGRADED, HealthState.DEGRADED, HealthState.UP, HealthState.UP);
    }

    @Test
    void lateHeartbeatRestartsTheRecoveryStreak() {
        NodeHealth h = new NodeHealth("n1", HealthState.DEGRADED, 0, 0, 2);
        // a gap of 2 s exceeds the 1.5 s on-time gap: the streak restarts at 1
        HealthStep s = machine.step(h, new HeartbeatReceived(2_000, false));
        assertThat(s.next().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(s.next().recoveryStreak()).isEqualTo(1);
    }

    @Test
    void impairedHeartbeatDegradesAndBlocksRecovery() {
        NodeHealth h = NodeHealth.firstSeen("n1", 0);
        HealthStep s = machine.step(h, new HeartbeatReceived(1_000, true));
        assertThat(s.next().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(s.transition())
                .get()
                .extracting(HealthTransition::reason)
                .isEqualTo("impaired heartbeat");
        h = s.next();
        for (long t = 2_000; t <= 6_000; t += INTERVAL) {
            h = machine.step(h, new HeartbeatReceived(t, true)).next();
        }
        assertThat(h.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(h.recoveryStreak()).isZero();
    }

    @Test
    void replayedHeartbeatIsIgnored() {
        NodeHealth h =
                machine.step(NodeHealth.firstSeen("n1", 0), new HeartbeatReceived(1_000, false))
                        .next();
        HealthStep replay = machine.step(h, new HeartbeatReceived(1_000, false));
        assertThat(replay.next()).isEqualTo(h);
        HealthStep older = machine.step(h, new HeartbeatReceived(500, true));
        assertThat(older.next()).isEqualTo(h);
    }
}
