package io.edgeflow.control.scheduling;

import java.util.List;

/**
 * How the router picks among nodes that pass the {@link HardConstraints}: a policy may filter
 * further, then scores; the highest score wins and ties go to the node met first in the router's
 * rotating scan order (which is all round-robin needs).
 */
public interface SchedulingPolicy {

    String name();

    /** A policy's own filter, after the hard constraints. */
    default boolean admits(Task task, NodeSnapshot node) {
        return true;
    }

    /** Higher is better. */
    double score(Task task, NodeSnapshot node);

    /**
     * For each candidate slot {@code slots[i]}, its {@link #score} into {@code scores[i]}, or
     * negative infinity if the policy does not {@link #admits} it — exactly what the two give on
     * {@code table.snapshot(slots[i])}. The router calls this for every task over every candidate
     * node, so policies override it with a loop over the table's columns; this default goes through
     * snapshots.
     */
    default void scoreCandidates(Task task, NodeTable table, int[] slots, double[] scores) {
        for (int i = 0; i < slots.length; i++) {
            NodeSnapshot n = table.snapshot(slots[i]);
            scores[i] = admits(task, n) ? score(task, n) : Double.NEGATIVE_INFINITY;
        }
    }

    /**
     * If finite, a filter relative to the fleet, after the hard constraints and {@link #admits}:
     * only nodes expected to finish ({@link NodeSnapshot#estimatedCompletionMillis}) within this
     * share of the task's spare time after the fastest candidate are scored — at most {@code
     * fastest + slack * (deadline - fastest)}; only the fastest if even it misses the deadline.
     * Infinite (the default) filters nothing.
     */
    default double completionSlack() {
        return Double.POSITIVE_INFINITY;
    }

    /** True if every admitted node scores the same, so the scan may stop at the first one. */
    default boolean firstAdmittedWins() {
        return false;
    }

    /** The policy names the CLI accepts, in the order reports list them. */
    List<String> NAMES = List.of("round-robin", "least-loaded", "latency", "power");

    static SchedulingPolicy named(String name) {
        return switch (name) {
            case "round-robin" -> new RoundRobinPolicy();
            case "least-loaded" -> new LeastLoadedPolicy();
            case "latency" -> new LatencyOptimizedPolicy();
            case "power" -> new PowerAwarePolicy(PowerAwarePolicy.DEFAULT_BATTERY_RESERVE);
            default ->
                    throw new IllegalArgumentException(
                            "unknown policy " + name + "; known: " + NAMES);
        };
    }
}
