package io.edgeflow.jobs.cli;

import io.edgeflow.control.scheduling.RoutingDecision;
import io.edgeflow.control.scheduling.SchedulingPolicy;
import io.edgeflow.control.scheduling.Task;
import io.edgeflow.control.scheduling.TaskRouter;
import io.edgeflow.control.simulation.FleetPlan;
import io.edgeflow.control.simulation.FleetScenario;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the task router alone: assignments per second on one thread with a table of
 * heterogeneous nodes, while a sliding window of earlier tasks completes so load stays level.
 */
@Command(
        name = "control",
        mixinStandardHelpOptions = true,
        description = "Benchmark the task router: assignments/s with N nodes in the table.")
public final class BenchControlCommand implements Callable<Integer> {

    @Option(
            names = "--nodes",
            defaultValue = "1000",
            description = "Nodes in the table (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--policy",
            defaultValue = "all",
            description =
                    "round-robin, least-loaded, latency, power, or all (default ${DEFAULT-VALUE}); "
                            + "with all, RESULT reports the slowest policy.")
    String policy;

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description = "Measured seconds per policy (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "2",
            description = "Warm-up seconds per policy (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
            names = "--outstanding",
            defaultValue = "2000",
            description =
                    "Tasks kept open: each assignment completes the one this many before it (default ${DEFAULT-VALUE}).")
    int outstanding;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the node table and task mix (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        List<String> policies = policy.equals("all") ? SchedulingPolicy.NAMES : List.of(policy);
        // one minute of the simulator's workload is the pool of task shapes; ids are made fresh
        FleetPlan plan =
                new FleetPlan(FleetScenario.defaults(nodes, seed).withDurationMillis(60_000));
        List<Task> pool = plan.tasks();
        double slowest = Double.MAX_VALUE;
        double slowestPerCpu = Double.MAX_VALUE;
        String slowestPolicy = "";
        for (String name : policies) {
            TaskRouter router = new TaskRouter(SchedulingPolicy.named(name));
            for (var n : plan.nodes()) {
                router.upsertNode(n.spec());
            }
            Run warm = drive(router, pool, 0, (long) (warmupSeconds * 1e9));
            Run run = drive(router, pool, warm.assigned, (long) (seconds * 1e9));
            double perSecond = run.assigned / (run.nanos / 1e9);
            double perCpuSecond = run.assigned / (run.cpuNanos / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "policy=%-13s nodes=%d assignments=%d unschedulable=%d seconds=%.2f"
                            + " cpu_seconds=%.2f assignments_per_s=%.0f assignments_per_cpu_s=%.0f%n",
                    name,
                    router.nodeCount(),
                    run.assigned,
                    run.unschedulable,
                    run.nanos / 1e9,
                    run.cpuNanos / 1e9,
                    perSecond,
                    perCpuSecond);
            if (perSecond < slowest) {
                slowest = perSecond;
                slowestPolicy = name;
            }
            slowestPerCpu = Math.min(slowestPerCpu, perCpuSecond);
        }
        // the wall-clock rate of the slowest policy; the rate per CPU second of the benchmark
        // thread shows what a machine busy with other work hid
        // load average: the wall-clock rate is only comparable between runs under similar load
        System.out.printf(
                Locale.ROOT,
                "RESULT nodes=%d assignments_per_s=%.0f policy=%s assignments_per_cpu_s=%.0f"
                        + " load_avg=%.2f%n",
                nodes,
                slowest,
                slowestPolicy,
                slowestPerCpu,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return 0;
    }

    /** Wall time and this thread's CPU time: on a shared machine the two differ. */
    private record Run(long assigned, long unschedulable, long nanos, long cpuNanos) {}

    private Run drive(TaskRouter router, List<Task> pool, long firstId, long budgetNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long id = firstId;
        long unschedulable = 0;
        long elapsed;
        do {
            // check the clock every 1024 tasks so it does not weigh on the measurement
            for (int i = 0; i < 1024; i++, id++) {
                Task task = pool.get((int) (id % pool.size())).withIdAt("bench-" + id, id);
                if (router.assign(task, id) instanceof RoutingDecision.Unschedulable) {
                    unschedulable++;
                }
                if (id >= outstanding) {
                    router.complete("bench-" + (id - outstanding));
                }
            }
            elapsed = System.nanoTime() - start;
        } while (elapsed < budgetNanos);
        return new Run(
                id - firstId, unschedulable, elapsed, threads.getCurrentThreadCpuTime() - cpuStart);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchControlCommand()).execute(args));
    }
}
