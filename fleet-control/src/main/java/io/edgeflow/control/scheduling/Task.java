package io.edgeflow.control.scheduling;

import java.util.Set;

/**
 * A unit of work to place on one node, as it arrives on {@code edgeflow.tasks}.
 *
 * @param workMillis run time on reference cores (speed factor 1.0), holding {@code cpuCores} cores
 *     all along
 * @param cpuCores cores the task occupies while it runs
 * @param inputBytes data shipped to the node before it can start, unless the node holds it
 * @param deadlineMillis completion budget counted from {@code createdAtMillis}
 * @param localityHints ids of nodes that already hold the task's input data
 */
public record Task(
        String id,
        String kind,
        int cpuCores,
        long memoryMb,
        int gpus,
        Set<String> requiredCapabilities,
        PriorityClass priority,
        long createdAtMillis,
        long deadlineMillis,
        double workMillis,
        long inputBytes,
        Set<String> localityHints) {

    public Task {
        requiredCapabilities = Set.copyOf(requiredCapabilities);
        localityHints = Set.copyOf(localityHints);
        if (cpuCores < 1 || memoryMb < 0 || gpus < 0 || workMillis < 0 || inputBytes < 0) {
            throw new IllegalArgumentException("task " + id + " has negative or zero needs");
        }
    }

    /** The same task under another id, arriving at another time (benchmarks replay shapes). */
    public Task withIdAt(String newId, long newCreatedAtMillis) {
        return new Task(
                newId,
                kind,
                cpuCores,
                memoryMb,
                gpus,
                requiredCapabilities,
                priority,
                newCreatedAtMillis,
                deadlineMillis,
                workMillis,
                inputBytes,
                localityHints);
    }

    /** The same task with its input held by other nodes. */
    public Task withLocalityHints(Set<String> nodeIds) {
        return new Task(
                id,
                kind,
                cpuCores,
                memoryMb,
                gpus,
                requiredCapabilities,
                priority,
                createdAtMillis,
                deadlineMillis,
                workMillis,
                inputBytes,
                nodeIds);
    }
}
