package io.edgeflow.control.scheduling;

/**
 * A task placed on a node, as published to {@code edgeflow.assignments} keyed by node.
 *
 * @param attempt 0 for the first placement, 1 for the one failover reassignment
 */
public record Assignment(
        String taskId, String nodeId, int attempt, long assignedAtMillis, String policy) {}
