package io.edgeflow.control.scheduling;

import io.edgeflow.control.health.HealthState;

/**
 * The filter every policy shares, as the Kubernetes scheduler's filter plugins: a node that fails
 * any of these is never scored.
 */
public final class HardConstraints {

    private HardConstraints() {}

    /** Why the node cannot take the task, or null if it can. */
    public static String rejection(Task task, NodeSnapshot node) {
        if (node.health() != HealthState.UP) {
            return "node not UP";
        }
        if (node.cpuCores() < task.cpuCores()) {
            return "too few cores";
        }
        if (node.memoryMb() < task.memoryMb()) {
            return "too little memory";
        }
        if (node.gpus() < task.gpus()) {
            return "too few GPUs";
        }
        if (!task.requiredCapabilities().isEmpty()
                && !node.capabilities().containsAll(task.requiredCapabilities())) {
            return "missing capability";
        }
        return null;
    }
}
