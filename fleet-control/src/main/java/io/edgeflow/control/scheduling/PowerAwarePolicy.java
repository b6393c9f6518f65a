package io.edgeflow.control.scheduling;

/**
 * The cheapest node in energy among those expected to finish nearly as soon as the fastest: only
 * candidates that would use at most {@link #completionSlack()} of the task's spare time (its
 * deadline minus the fastest candidate's estimated completion) are scored. So a batch task with
 * minutes to spare may wait a little on a frugal node, an urgent one goes to the fastest, and work
 * never piles up on frugal nodes until the deadline. Batteries below a reserve are left alone
 * (except for CRITICAL tasks), and the energy of a battery node is weighed up as its charge falls,
 * so work drifts to mains power before batteries run flat.
 */
public final class PowerAwarePolicy implements SchedulingPolicy {

    public static final double DEFAULT_BATTERY_RESERVE = 0.2;
    public static final double DEFAULT_COMPLETION_SLACK = 0.1;

    private final double batteryReserve;
    private final double completionSlack;

    public PowerAwarePolicy(double batteryReserve) {
        this(batteryReserve, DEFAULT_COMPLETION_SLACK);
    }

    /**
     * @param completionSlack the share of the task's spare time after the fastest candidate a node
     *     may use and still be chosen for its energy
     */
    public PowerAwarePolicy(double batteryReserve, double completionSlack) {
        if (!(completionSlack >= 0)) {
            throw new IllegalArgumentException("completion slack must be >= 0");
        }
        this.batteryReserve = batteryReserve;
        this.completionSlack = completionSlack;
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

    /** The energy the task draws, weighed by {@link NodeSnapshot#energyWeight}. */
    @Override
    public double score(Task task, NodeSnapshot node) {
        return -(node.taskEnergyJoules(task) * node.energyWeight());
    }

    @Override
    public double completionSlack() {
        return completionSlack;
    }

    /** {@link #admits} and {@link #score}, term for term, over the columns. */
    @Override
    public void scoreCandidates(Task task, NodeTable table, int[] slots, double[] scores) {
        boolean critical = task.priority() == PriorityClass.CRITICAL;
        double work = task.workMillis();
        int taskCores = task.cpuCores();
        double[] battery = table.batteryFraction;
        double[] weight = table.energyWeight;
        double[] perSpeed = table.perSpeed;
        double[] watts = table.activeWattsPerCore;
        for (int i = 0; i < slots.length; i++) {
            int s = slots[i];
            double charge = battery[s];
            boolean spared =
                    !critical && charge != NodeSnapshot.MAINS_POWERED && charge < batteryReserve;
            scores[i] =
                    spared
                            ? Double.NEGATIVE_INFINITY
                            : -(watts[s] * taskCores * (work * perSpeed[s]) * 0.001 * weight[s]);
        }
    }
}
