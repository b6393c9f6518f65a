package io.edgeflow.control.health;

import io.edgeflow.protocol.Heartbeat;
import io.edgeflow.protocol.LinkStats;

/** An input of the health state machine; each carries the time it happened at. */
public sealed interface HealthEvent {

    long atMillis();

    /**
     * A heartbeat arrived. {@code impaired} is the node's own report that it cannot take full work
     * (for example a critical battery or a saturated CPU); the caller decides what counts.
     */
    record HeartbeatReceived(long atMillis, boolean impaired) implements HealthEvent {

        /**
         * The event for a HEARTBEAT frame, at the node's own timestamp (event time). The node is
         * impaired if its battery is below {@code criticalBattery}, its CPU load at or above {@code
         * saturatedCpuLoad}, or it reports links and none is up.
         */
        public static HeartbeatReceived of(
                Heartbeat hb, float criticalBattery, float saturatedCpuLoad) {
            boolean lowBattery =
                    hb.batteryFraction() != Heartbeat.NO_BATTERY
                            && hb.batteryFraction() < criticalBattery;
            boolean saturated = hb.cpuLoad() >= saturatedCpuLoad;
            boolean cutOff = !hb.links().isEmpty() && hb.links().stream().noneMatch(LinkStats::up);
            return new HeartbeatReceived(
                    hb.timestampMicros() / 1_000, lowBattery || saturated || cutOff);
        }
    }

    /**
     * A timer fired. Timers may be stale (a heartbeat came after the timer was set); the machine
     * checks the deadline itself, so a stale timer changes nothing.
     */
    record TimerFired(long atMillis) implements HealthEvent {}
}
