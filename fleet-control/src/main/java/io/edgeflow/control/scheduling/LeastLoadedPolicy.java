package io.edgeflow.control.scheduling;

/** The node with the fewest outstanding tasks per core; blind to link and speed differences. */
public final class LeastLoadedPolicy implements SchedulingPolicy {

    @Override
    public String name() {
        return "least-loaded";
    }

    @Override
    public double score(Task task, NodeSnapshot node) {
        return -(double) node.assignedTasks() / node.cpuCores();
    }
}
