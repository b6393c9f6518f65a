package io.edgeflow.control.simulation;

import java.util.List;

/**
 * Everything a simulation run depends on except the policy, so every policy faces the same fleet,
 * the same task stream and the same crash schedule.
 *
 * @param load offered work as a fraction of the fleet's total compute capacity
 * @param meanTimeBetweenFailuresMillis per node; crashes are exponential
 * @param meanRepairMillis exponential, on top of {@code minRepairMillis}
 * @param heartbeatLoss probability that one heartbeat is lost on the way
 * @param rechargeMillis how long a depleted battery node is away before it returns full
 */
public record FleetScenario(
        int nodes,
        long seed,
        long durationMillis,
        double load,
        long heartbeatIntervalMillis,
        double heartbeatLoss,
        double meanTimeBetweenFailuresMillis,
        double meanRepairMillis,
        double minRepairMillis,
        double rechargeMillis,
        List<NodeProfile> profiles,
        List<TaskKind> workload) {

    public static FleetScenario defaults(int nodes, long seed) {
        return new FleetScenario(
                nodes,
                seed,
                10 * 60_000L,
                0.35,
                1_000,
                0.05,
                2 * 3_600_000.0,
                5 * 60_000.0,
                30_000.0,
                15 * 60_000.0,
                NodeProfile.DEFAULT_FLEET,
                TaskKind.DEFAULT_WORKLOAD);
    }

    public FleetScenario withDurationMillis(long millis) {
        return with(millis, load);
    }

    public FleetScenario withLoad(double newLoad) {
        return with(durationMillis, newLoad);
    }

    private FleetScenario with(long newDurationMillis, double newLoad) {
        return new FleetScenario(
                nodes,
                seed,
                newDurationMillis,
                newLoad,
                heartbeatIntervalMillis,
                heartbeatLoss,
                meanTimeBetweenFailuresMillis,
                meanRepairMillis,
                minRepairMillis,
                rechargeMillis,
                profiles,
                workload);
    }
}
