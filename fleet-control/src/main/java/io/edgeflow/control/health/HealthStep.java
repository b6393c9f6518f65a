package io.edgeflow.control.health;

import java.util.Optional;

/**
 * The result of one step: the next state, the transition if the state changed, and when the caller
 * should next wake the machine with a timer ({@link #NO_TIMER} if nothing is pending).
 */
public record HealthStep(
        NodeHealth next, Optional<HealthTransition> transition, long nextTimerAtMillis) {

    public static final long NO_TIMER = Long.MAX_VALUE;
}
