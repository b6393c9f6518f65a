package io.edgeflow.control.simulation;

import java.util.List;
import java.util.Locale;

/** The simulation results as a fixed-width table for people and CSV for tools. */
public final class SimulationReport {

    private static final String CSV_HEADER =
            "seed,policy,tasks,completed,failed,unfinished,"
                    + "deadline_misses,reassigned,p50_ms,p99_ms,active_energy_kj,total_energy_kj,"
                    + "active_j_per_task,depletions,max_failover_ms";

    private final List<SimulationResult> results;

    public SimulationReport(List<SimulationResult> results) {
        this.results = List.copyOf(results);
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-6s %-13s %8s %8s %7s %6s %8s %6s %9s %9s %10s %10s %8s %5s %8s%n",
                        "seed",
                        "policy",
                        "tasks",
                        "done",
                        "failed",
                        "unfin",
                        "dl-miss",
                        "moved",
                        "p50 ms",
                        "p99 ms",
                        "activekJ",
                        "totalkJ",
                        "J/task",
                        "flat",
                        "fo-max s"));
        for (SimulationResult r : results) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-6d %-13s %8d %8d %7d %6d %7.2f%% %6d %9.1f %9.1f %10.1f %10.1f %8.2f %5d %8.2f%n",
                            r.seed(),
                            r.policy(),
                            r.tasks(),
                            r.completed(),
                            r.failed(),
                            r.unfinished(),
                            100.0 * r.deadlineMisses() / Math.max(1, r.tasks()),
                            r.reassigned(),
                            r.completionPercentile(50),
                            r.completionPercentile(99),
                            r.activeEnergyJoules() / 1_000,
                            r.totalEnergyJoules() / 1_000,
                            r.activeJoulesPerCompletedTask(),
                            r.depletions(),
                            r.maxFailoverMillis() / 1_000));
        }
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (SimulationResult r : results) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%s,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.4f,%d,%.3f%n",
                            r.seed(),
                            r.policy(),
                            r.tasks(),
                            r.completed(),
                            r.failed(),
                            r.unfinished(),
                            r.deadlineMisses(),
                            r.reassigned(),
                            r.completionPercentile(50),
                            r.completionPercentile(99),
                            r.activeEnergyJoules() / 1_000,
                            r.totalEnergyJoules() / 1_000,
                            r.activeJoulesPerCompletedTask(),
                            r.depletions(),
                            r.maxFailoverMillis()));
        }
        return sb.toString();
    }
}
