package io.edgeflow.control.simulation;

/**
 * One policy's outcome on one scenario.
 *
 * @param failed tasks closed without a result: unschedulable, or lost again after their one
 *     reassignment
 * @param unfinished tasks still open when the simulation horizon ended
 * @param deadlineMisses completed tasks whose result came after their deadline
 * @param activeEnergyJoules energy drawn by task execution above idle, over the whole fleet
 * @param totalEnergyJoules active plus idle energy of live nodes until the run ended
 * @param depletions battery nodes that ran flat
 * @param completionMillis completion times of completed tasks, sorted ascending
 * @param failoverMillis per task moved off a crashed or flat node, the time from the node's stop to
 *     the reassignment, sorted ascending
 */
public record SimulationResult(
        String policy,
        long seed,
        int tasks,
        int completed,
        int failed,
        int unfinished,
        int deadlineMisses,
        int reassigned,
        double activeEnergyJoules,
        double totalEnergyJoules,
        int depletions,
        double[] completionMillis,
        double[] failoverMillis) {

    /** The longest time from a node's stop to the reassignment of a task of it; 0 if none. */
    public double maxFailoverMillis() {
        return failoverMillis.length == 0 ? 0 : failoverMillis[failoverMillis.length - 1];
    }

    /** Nearest-rank percentile of the completion times, NaN if nothing completed. */
    public double completionPercentile(double p) {
        if (completionMillis.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * completionMillis.length);
        return completionMillis[Math.max(0, Math.min(completionMillis.length - 1, rank - 1))];
    }

    public double activeJoulesPerCompletedTask() {
        return completed == 0 ? Double.NaN : activeEnergyJoules / completed;
    }
}
