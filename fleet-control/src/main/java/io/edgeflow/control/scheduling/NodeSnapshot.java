package io.edgeflow.control.scheduling;

import io.edgeflow.control.health.HealthState;
import java.util.Set;

/**
 * What the router knows about one node: its spec and last reported status (from the registry) plus
 * the router's own accounting of work it assigned there and has not seen complete.
 *
 * @param speedFactor execution speed of one core relative to the reference core
 * @param rttMillis round-trip time of the node's uplink
 * @param bandwidthMbps usable uplink bandwidth
 * @param batteryFraction charge in [0, 1], or {@link #MAINS_POWERED}
 * @param activeWattsPerCore extra draw of one busy core over idle
 * @param assignedTasks tasks assigned by the router and not yet completed
 * @param backlogMillis reference core-milliseconds of those tasks (work times cores)
 */
public record NodeSnapshot(
        String nodeId,
        NodeType type,
        Set<String> capabilities,
        int cpuCores,
        long memoryMb,
        int gpus,
        double speedFactor,
        double rttMillis,
        double bandwidthMbps,
        double batteryFraction,
        double idleWatts,
        double activeWattsPerCore,
        HealthState health,
        int assignedTasks,
        double backlogMillis) {

    public static final double MAINS_POWERED = -1;

    public NodeSnapshot {
        capabilities = Set.copyOf(capabilities);
        if (cpuCores < 1 || speedFactor <= 0 || bandwidthMbps <= 0) {
            throw new IllegalArgumentException(
                    "node " + nodeId + ": cores, speed, bandwidth must be > 0");
        }
    }

    public boolean onBattery() {
        return batteryFraction != MAINS_POWERED;
    }

    // The estimates multiply by reciprocals rather than divide: the router's NodeTable holds the
    // same reciprocals in columns and scores a thousand nodes per task without a division, to the
    // bit equal to these methods.

    /** Time the task's cores are busy on this node. */
    public double executionMillis(Task task) {
        return task.workMillis() * (1.0 / speedFactor);
    }

    /** One round trip, plus shipping the input unless the node already holds it. */
    public double transferMillis(Task task) {
        // isEmpty first: most tasks carry no hint
        if (!task.localityHints().isEmpty() && task.localityHints().contains(nodeId)) {
            return rttMillis;
        }
        return rttMillis + task.inputBytes() * 8.0 * (1.0 / (bandwidthMbps * 1_000.0));
    }

    /** Time until a newly queued task would start, if the backlog is spread over all cores. */
    public double queueWaitMillis() {
        return backlogMillis * (1.0 / (speedFactor * cpuCores));
    }

    /** Estimated time from dispatch to result: transfer, wait behind the backlog, execution. */
    public double estimatedCompletionMillis(Task task) {
        return transferMillis(task) + queueWaitMillis() + executionMillis(task);
    }

    /** Energy the task's execution draws on this node, above idle. */
    public double taskEnergyJoules(Task task) {
        return activeWattsPerCore * task.cpuCores() * executionMillis(task) * 0.001;
    }

    /**
     * What a joule of this node's energy counts for a scheduler that spares batteries: once on
     * mains power, 1 / charge on battery (twice from a half-empty one), capped at 20.
     */
    public double energyWeight() {
        return onBattery() ? 1.0 / Math.max(batteryFraction, 0.05) : 1.0;
    }

    public NodeSnapshot withHealth(HealthState newHealth) {
        return withStatus(newHealth, batteryFraction, assignedTasks, backlogMillis);
    }

    public NodeSnapshot withBattery(double newBatteryFraction) {
        return withStatus(health, newBatteryFraction, assignedTasks, backlogMillis);
    }

    /** This snapshot carrying another's router accounting (a registry update keeps the load). */
    public NodeSnapshot withLoadOf(NodeSnapshot accounted) {
        return withLoad(accounted.assignedTasks, accounted.backlogMillis);
    }

    NodeSnapshot withTaskAdded(Task task) {
        return withLoad(assignedTasks + 1, backlogMillis + coreMillis(task));
    }

    NodeSnapshot withTaskRemoved(Task task) {
        // max(0, ..) guards the float sum against drifting below zero
        return withLoad(
                Math.max(0, assignedTasks - 1), Math.max(0, backlogMillis - coreMillis(task)));
    }

    private static double coreMillis(Task task) {
        return task.workMillis() * task.cpuCores();
    }

    NodeSnapshot withLoad(int tasks, double backlog) {
        return withStatus(health, batteryFraction, tasks, backlog);
    }

    /** The same node with new dynamic fields; the spec fields never change in place. */
    private NodeSnapshot withStatus(HealthState h, double battery, int tasks, double backlog) {
        return new NodeSnapshot(
                nodeId,
                type,
                capabilities,
                cpuCores,
                memoryMb,
                gpus,
                speedFactor,
                rttMillis,
                bandwidthMbps,
                battery,
                idleWatts,
                activeWattsPerCore,
                h,
                tasks,
                backlog);
    }
}
