package io.edgeflow.control.health;

import io.edgeflow.control.health.HealthEvent.HeartbeatReceived;
import io.edgeflow.control.health.HealthEvent.TimerFired;
import java.util.Optional;

/**
 * The node health state machine as a pure function of (state, event): no clock is read and nothing
 * is mutated, so a Flink KeyedProcessFunction wraps it by keeping {@link NodeHealth} in value state
 * and registering a timer at {@link HealthStep#nextTimerAtMillis()} after every step.
 *
 * <pre>
 *   UP --(silence >= suspectAfter or impaired heartbeat)--> DEGRADED
 *   UP, DEGRADED --(silence >= downAfter)--> DOWN
 *   DOWN --(heartbeat)--> DEGRADED (probation)
 *   DEGRADED --(heartbeatsToRecover on-time unimpaired heartbeats in a row)--> UP
 * </pre>
 */
public final class HealthMachine {

    private final HealthPolicy policy;

    public HealthMachine(HealthPolicy policy) {
        this.policy = policy;
    }

    public HealthPolicy policy() {
        return policy;
    }

    public HealthStep step(NodeHealth current, HealthEvent event) {
        if (event instanceof HeartbeatReceived hb) {
            return onHeartbeat(current, hb);
        }
        return onTimer(current, ((TimerFired) event).atMillis());
    }

    private HealthStep onHeartbeat(NodeHealth current, HeartbeatReceived hb) {
        long at = hb.atMillis();
        if (at <= current.lastHeartbeatMillis()) {
            // Replayed or reordered heartbeat: it carries no news, and ignoring it keeps the
            // machine idempotent under at-least-once delivery.
            return unchanged(current);
        }
        long gap = at - current.lastHeartbeatMillis();
        return switch (current.state()) {
            case UP -> {
                if (hb.impaired()) {
                    yield moveTo(current, HealthState.DEGRADED, at, at, 0, "impaired heartbeat");
                }
                yield stay(current, at, 0);
            }
            case DEGRADED -> {
                int streak =
                        hb.impaired()
                                ? 0
                                : (gap <= policy.onTimeGapMillis()
                                        ? current.recoveryStreak() + 1
                                        : 1);
                if (streak >= policy.heartbeatsToRecover()) {
                    yield moveTo(
                            current, HealthState.UP, at, at, 0, streak + " on-time heartbeats");
                }
                yield stay(current, at, streak);
            }
            case DOWN -> {
                int streak = hb.impaired() ? 0 : 1;
                if (streak >= policy.heartbeatsToRecover()) {
                    yield moveTo(current, HealthState.UP, at, at, 0, "heartbeat after down");
                }
                yield moveTo(
                        current,
                        HealthState.DEGRADED,
                        at,
                        at,
                        streak,
                        "heartbeat after down, on probation");
            }
        };
    }

    private HealthStep onTimer(NodeHealth current, long now) {
        long silence = now - current.lastHeartbeatMillis();
        HealthState state = current.state();
        if (state != HealthState.DOWN && silence >= policy.downAfterMillis()) {
            return moveTo(
                    current,
                    HealthState.DOWN,
                    current.lastHeartbeatMillis(),
                    now,
                    0,
                    "no heartbeat for " + silence + " ms");
        }
        if (state == HealthState.UP && silence >= policy.suspectAfterMillis()) {
            return moveTo(
                    current,
                    HealthState.DEGRADED,
                    current.lastHeartbeatMillis(),
                    now,
                    0,
                    "no heartbeat for " + silence + " ms");
        }
        return unchanged(current);
    }

    private HealthStep stay(NodeHealth current, long heartbeatAt, int streak) {
        NodeHealth next =
                new NodeHealth(
                        current.nodeId(),
                        current.state(),
                        heartbeatAt,
                        current.stateSinceMillis(),
                        streak);
        return new HealthStep(next, Optional.empty(), nextTimer(next));
    }

    private HealthStep moveTo(
            NodeHealth current,
            HealthState to,
            long lastHeartbeat,
            long at,
            int streak,
            String reason) {
        NodeHealth next = new NodeHealth(current.nodeId(), to, lastHeartbeat, at, streak);
        HealthTransition t =
                new HealthTransition(current.nodeId(), current.state(), to, at, reason);
        return new HealthStep(next, Optional.of(t), nextTimer(next));
    }

    private HealthStep unchanged(NodeHealth current) {
        return new HealthStep(current, Optional.empty(), nextTimer(current));
    }

    /** The next instant at which silence would change the state; none once DOWN. */
    public long nextTimer(NodeHealth h) {
        return switch (h.state()) {
            case UP -> h.lastHeartbeatMillis() + policy.suspectAfterMillis();
            case DEGRADED -> h.lastHeartbeatMillis() + policy.downAfterMillis();
            case DOWN -> HealthStep.NO_TIMER;
        };
    }
}
