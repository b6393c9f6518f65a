package io.edgeflow.jobs.cli;

import io.edgeflow.control.scheduling.SchedulingPolicy;
import io.edgeflow.control.simulation.FleetPlan;
import io.edgeflow.control.simulation.FleetPlot;
import io.edgeflow.control.simulation.FleetScenario;
import io.edgeflow.control.simulation.FleetSimulator;
import io.edgeflow.control.simulation.SimulationReport;
import io.edgeflow.control.simulation.SimulationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the discrete-event fleet simulation for one or all scheduling policies. */
@Command(
        name = "simulate-fleet",
        mixinStandardHelpOptions = true,
        description =
                "Simulate a heterogeneous fleet (links, batteries, crashes, a task workload) "
                        + "under scheduling policies; print a table, write CSV and a PNG plot.")
public final class SimulateFleetCommand implements Callable<Integer> {

    @Option(
            names = "--nodes",
            defaultValue = "200",
            description = "Fleet size (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--policy",
            defaultValue = "all",
            description =
                    "round-robin, least-loaded, latency, power, or all (default ${DEFAULT-VALUE}).")
    String policy;

    @Option(
            names = "--seed",
            split = ",",
            defaultValue = "1",
            description = "Seed, or several separated by commas (default ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(
            names = "--minutes",
            defaultValue = "10",
            description = "Simulated minutes of task arrivals (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(
            names = "--load",
            defaultValue = "0.35",
            description =
                    "Offered work as a fraction of fleet compute capacity (default ${DEFAULT-VALUE}).")
    double load;

    @Option(
            names = "--out",
            defaultValue = "out/fleet-sim",
            description =
                    "Output directory for results.csv and one PNG per seed (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<String> policies = policy.equals("all") ? SchedulingPolicy.NAMES : List.of(policy);
        for (String p : policies) {
            SchedulingPolicy.named(p); // fail on a bad name before any run
        }
        Files.createDirectories(out);
        List<SimulationResult> all = new ArrayList<>();
        for (long seed : seeds) {
            FleetScenario scenario =
                    FleetScenario.defaults(nodes, seed)
                            .withDurationMillis((long) (minutes * 60_000))
                            .withLoad(load);
            FleetPlan plan = new FleetPlan(scenario);
            List<SimulationResult> perSeed = new ArrayList<>();
            for (String p : policies) {
                perSeed.add(new FleetSimulator(plan).run(SchedulingPolicy.named(p)));
            }
            all.addAll(perSeed);
            Path png = out.resolve("fleet-sim-seed" + seed + ".png");
            FleetPlot.write(
                    perSeed,
                    String.format(
                            "simulate-fleet: %d nodes, %.0f min, load %.2f, seed %d, %d tasks",
                            nodes, minutes, load, seed, plan.tasks().size()),
                    png);
            // table and CSV after every seed, so a long multi-seed run shows results as it goes
            // and a stopped one keeps what it finished
            SimulationReport report = new SimulationReport(all);
            System.out.print(
                    all.size() == perSeed.size()
                            ? report.table()
                            : new SimulationReport(perSeed)
                                    .table()
                                    .lines()
                                    .skip(1)
                                    .reduce("", (a, b) -> a + b + System.lineSeparator()));
            System.out.flush();
            Path csv = out.resolve("results.csv");
            Files.writeString(csv, report.csv(), StandardCharsets.UTF_8);
            System.err.println("wrote " + png + " and " + csv);
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateFleetCommand()).execute(args));
    }
}
