package io.edgeflow.control.scheduling;

/**
 * The cheapest node in energy among those expected to meet the task's deadline; batteries below a
 * reserve are left alone (except for CRITICAL tasks), and the energy of a battery node is weighed
 * up as its charge falls, so work drifts to mains power before batteries run flat. If no admitted
 * node is expected to meet the deadline, the fastest one is taken: energy is never bought with a
 * deadline that could have been met.
 */
public final class PowerAwarePolicy implements SchedulingPolicy {

    public static final double DEFAULT_BATTERY_RESERVE = 0.2;

    /** Scores of deadline-missing nodes sit below every deadline-meeting node's score. */
    private static final double MISSES_DEADLINE = -1e12;

    private final double batteryReserve;

    public PowerAwarePolicy(double batteryReserve) {
        this.batteryReserve = batteryReserve;
    }

    @Override
    public String name() {
        return "power";
    }

    @Override
    public boolean admits(Task task, NodeSnapshot node) {
        return task.priority() == PriorityClass.CRITICAL
                || !node.onBattery()
                || node.batteryFraction() >= batteryReserve;
    }

    @Override
    public double score(Task task, NodeSnapshot node) {
        double estimate = node.estimatedCompletionMillis(task);
        if (estimate > task.deadlineMillis()) {
            return MISSES_DEADLINE - estimate;
        }
        return -weightedEnergy(task, node);
    }

    /** A node's score is its weighted energy when it meets the deadline, and lower otherwise. */
    @Override
    public double scoreBound(Task task, NodeSnapshot node) {
        return -weightedEnergy(task, node);
    }

    private static double weightedEnergy(Task task, NodeSnapshot node) {
        double cost = node.taskEnergyJoules(task);
        if (node.onBattery()) {
            // a joule from a half-empty battery counts double, from a full one once
            cost /= Math.max(node.batteryFraction(), 0.05);
        }
        return cost;
    }
}
