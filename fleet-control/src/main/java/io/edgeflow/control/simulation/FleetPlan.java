package io.edgeflow.control.simulation;

import io.edgeflow.control.health.HealthState;
import io.edgeflow.control.scheduling.NodeSnapshot;
import io.edgeflow.control.scheduling.PriorityClass;
import io.edgeflow.control.scheduling.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The policy-independent half of a simulation, drawn once from the scenario's seed: the nodes,
 * their crash schedules and the task stream. Each draw has its own random stream, so changing the
 * workload does not change the fleet.
 */
public final class FleetPlan {

    /** A node as planned: its spec, starting charge and crash windows. */
    public record PlannedNode(
            NodeSnapshot spec,
            NodeProfile profile,
            double initialCharge,
            List<CrashWindow> crashes,
            long heartbeatPhaseMillis) {}

    /** The node is down from {@code crashAtMillis} until {@code repairedAtMillis}. */
    public record CrashWindow(double crashAtMillis, double repairedAtMillis) {}

    private final FleetScenario scenario;
    private final List<PlannedNode> nodes;
    private final List<Task> tasks;
    private final double capacityCoreMillisPerMilli;

    public FleetPlan(FleetScenario scenario) {
        this.scenario = scenario;
        this.nodes = planNodes(scenario, new SplittableRandom(scenario.seed()));
        double capacity = 0;
        for (PlannedNode n : nodes) {
            capacity += n.spec().cpuCores() * n.spec().speedFactor();
        }
        this.capacityCoreMillisPerMilli = capacity;
        this.tasks = planTasks(new SplittableRandom(scenario.seed() * 31 + 7));
    }

    public FleetScenario scenario() {
        return scenario;
    }

    public List<PlannedNode> nodes() {
        return nodes;
    }

    /** Tasks in arrival order; {@link Task#createdAtMillis()} is the arrival time. */
    public List<Task> tasks() {
        return tasks;
    }

    private static List<PlannedNode> planNodes(FleetScenario s, SplittableRandom rnd) {
        List<PlannedNode> out = new ArrayList<>(s.nodes());
        double horizon = s.durationMillis() * 2.0;
        for (int i = 0; i < s.nodes(); i++) {
            NodeProfile p = profileFor(s.profiles(), (i + 0.5) / s.nodes());
            // links and charge vary within a profile: the same kind of node sits at different
            // distances and was charged at different times
            double rtt = p.rttMillis() * (0.5 + rnd.nextDouble());
            double bandwidth = p.bandwidthMbps() * (0.5 + rnd.nextDouble());
            double charge =
                    p.onBattery() ? 0.1 + 0.9 * rnd.nextDouble() : NodeSnapshot.MAINS_POWERED;
            NodeSnapshot spec =
                    new NodeSnapshot(
                            p.name() + "-" + i,
                            p.type(),
                            p.capabilities(),
                            p.cpuCores(),
                            p.memoryMb(),
                            p.gpus(),
                            p.speedFactor(),
                            rtt,
                            bandwidth,
                            charge,
                            p.idleWatts(),
                            p.activeWattsPerCore(),
                            HealthState.UP,
                            0,
                            0);
            List<CrashWindow> crashes = new ArrayList<>();
            double t = exponential(rnd, s.meanTimeBetweenFailuresMillis());
            while (t < horizon) {
                double repaired = t + s.minRepairMillis() + exponential(rnd, s.meanRepairMillis());
                crashes.add(new CrashWindow(t, repaired));
                t = repaired + exponential(rnd, s.meanTimeBetweenFailuresMillis());
            }
            long phase = rnd.nextLong(s.heartbeatIntervalMillis());
            out.add(new PlannedNode(spec, p, charge, List.copyOf(crashes), phase));
        }
        return List.copyOf(out);
    }

    /** Profiles fill the fleet in order of their shares. */
    private static NodeProfile profileFor(List<NodeProfile> profiles, double position) {
        double cumulative = 0;
        for (NodeProfile p : profiles) {
            cumulative += p.share();
            if (position < cumulative) {
                return p;
            }
        }
        return profiles.get(profiles.size() - 1);
    }

    private List<Task> planTasks(SplittableRandom rnd) {
        FleetScenario s = scenario;
        double meanCoreMillis = TaskKind.meanCoreMillis(s.workload());
        double ratePerMilli = s.load() * capacityCoreMillisPerMilli / meanCoreMillis;
        List<String> robots = new ArrayList<>();
        for (PlannedNode n : nodes) {
            if (n.profile().capabilities().contains("camera")
                    && n.profile().onBattery()
                    && n.profile().cpuCores() > 1) {
                robots.add(n.spec().nodeId());
            }
        }
        List<Task> out = new ArrayList<>();
        double t = exponential(rnd, 1 / ratePerMilli);
        int id = 0;
        while (t < s.durationMillis()) {
            TaskKind k = pickKind(s.workload(), rnd.nextDouble());
            Set<String> hints = new HashSet<>();
            if (k.localToRobot() && !robots.isEmpty()) {
                hints.add(robots.get(rnd.nextInt(robots.size())));
            }
            PriorityClass priority =
                    rnd.nextDouble() < k.criticalShare() ? PriorityClass.CRITICAL : k.priority();
            out.add(
                    new Task(
                            "task-" + id++,
                            k.name(),
                            k.cpuCores(),
                            k.memoryMb(),
                            k.gpus(),
                            k.requiredCapabilities(),
                            priority,
                            (long) t,
                            k.deadlineMillis(),
                            k.workMillis() * (0.5 + rnd.nextDouble()),
                            k.inputBytes(),
                            hints));
            t += exponential(rnd, 1 / ratePerMilli);
        }
        return List.copyOf(out);
    }

    private static TaskKind pickKind(List<TaskKind> kinds, double u) {
        double cumulative = 0;
        for (TaskKind k : kinds) {
            cumulative += k.share();
            if (u < cumulative) {
                return k;
            }
        }
        return kinds.get(kinds.size() - 1);
    }

    private static double exponential(SplittableRandom rnd, double mean) {
        return -mean * Math.log(1 - rnd.nextDouble());
    }
}
