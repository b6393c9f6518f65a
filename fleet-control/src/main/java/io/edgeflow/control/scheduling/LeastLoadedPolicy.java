package io.edgeflow.control.scheduling;

/** The node with the fewest outstanding tasks per core; blind to link and speed differences. */
public final class LeastLoadedPolicy implements SchedulingPolicy {

    @Override
    public String name() {
        return "least-loaded";
    }

    /** Multiplies by 1 / cores, as the columns hold it, so both score alike to the bit. */
    @Override
    public double score(Task task, NodeSnapshot node) {
        return -node.assignedTasks() * (1.0 / node.cpuCores());
    }

    @Override
    public void scoreCandidates(Task task, NodeTable table, int[] slots, double[] scores) {
        int[] assigned = table.assignedTasks;
        double[] perCore = table.perCore;
        for (int i = 0; i < slots.length; i++) {
            int s = slots[i];
            scores[i] = -assigned[s] * perCore[s];
        }
    }
}
