package io.edgeflow.control.health;

/** An input of the health state machine; each carries the time it happened at. */
public sealed interface HealthEvent {

    long atMillis();

    /**
     * A heartbeat arrived. {@code impaired} is the node's own report that it cannot take full work
     * (for example a critical battery or a saturated CPU); the caller decides what counts.
     */
    record HeartbeatReceived(long atMillis, boolean impaired) implements HealthEvent {}

    /**
     * A timer fired. Timers may be stale (a heartbeat came after the timer was set); the machine
     * checks the deadline itself, so a stale timer changes nothing.
     */
    record TimerFired(long atMillis) implements HealthEvent {}
}
