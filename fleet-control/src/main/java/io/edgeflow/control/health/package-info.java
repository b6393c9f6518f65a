/**
 * Node health: UP, DEGRADED, DOWN with hysteresis, as a pure step function.
 *
 * <p>A Flink wrapper (KeyedProcessFunction keyed by node id) keeps one {@link
 * io.edgeflow.control.health.NodeHealth} in ValueState and, for each HEARTBEAT frame, calls {@link
 * io.edgeflow.control.health.HealthMachine#step} with {@link
 * io.edgeflow.control.health.HealthEvent.HeartbeatReceived#of}; in {@code onTimer} it calls {@code
 * step} with a {@link io.edgeflow.control.health.HealthEvent.TimerFired}. After every step it
 * stores {@code next()}, emits {@code transition()} if present, and registers a timer at {@code
 * nextTimerAtMillis()} unless it is {@link io.edgeflow.control.health.HealthStep#NO_TIMER}. Stale
 * timers are harmless, so earlier timers need not be deleted.
 */
package io.edgeflow.control.health;
