package io.edgeflow.control.simulation;

import io.edgeflow.control.health.NodeHealth;
import io.edgeflow.control.scheduling.Task;
import java.util.ArrayDeque;

/**
 * A node's physical state during one run: alive or not, its FIFO of delivered tasks, busy cores,
 * battery and energy meters. The control plane never reads this; it sees heartbeats only.
 */
final class SimulatedNode {

    /** A delivered task waiting for or holding cores. */
    record Job(Task task) {}

    final FleetPlan.PlannedNode plan;
    final int index;
    boolean alive = true;

    /** Bumped on every crash and revival, so events scheduled before it are recognised as stale. */
    int epoch;

    /** True while down from a planned crash (not from a flat battery). */
    boolean crashedByFailure;

    /** When the node last crashed or ran flat, to time the failover of its tasks. */
    double stoppedAtMillis;

    int busyCores;
    final ArrayDeque<Job> waiting = new ArrayDeque<>();
    double chargeJoules;
    double lastSettledMillis;
    double activeJoules;
    double idleJoules;
    int depletionVersion;
    long heartbeatsSent;
    NodeHealth health;

    SimulatedNode(FleetPlan.PlannedNode plan, int index) {
        this.plan = plan;
        this.index = index;
        this.chargeJoules =
                plan.profile().onBattery()
                        ? plan.initialCharge() * plan.profile().batteryJoules()
                        : 0;
    }

    String id() {
        return plan.spec().nodeId();
    }

    boolean onBattery() {
        return plan.profile().onBattery();
    }

    double batteryFraction() {
        return Math.max(0, chargeJoules / plan.profile().batteryJoules());
    }

    double drawWatts() {
        return plan.profile().idleWatts() + plan.profile().activeWattsPerCore() * busyCores;
    }

    /** Books the energy drawn since the last settlement at the current draw. */
    void settle(double now) {
        double seconds = (now - lastSettledMillis) / 1_000.0;
        lastSettledMillis = now;
        if (!alive || seconds <= 0) {
            return;
        }
        double active = plan.profile().activeWattsPerCore() * busyCores * seconds;
        double idle = plan.profile().idleWatts() * seconds;
        activeJoules += active;
        idleJoules += idle;
        if (onBattery()) {
            chargeJoules -= active + idle;
        }
    }

    /** Milliseconds until the battery is flat at the current draw. */
    double millisToEmpty() {
        return Math.max(0, chargeJoules) / drawWatts() * 1_000.0;
    }
}
