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
     * An upper bound of {@link #score} that is cheaper to compute. The router skips the full score
     * of a node whose bound cannot beat the best score so far, so the choice is the same as without
     * the bound (branch and bound); the default bound prunes nothing.
     */
    default double scoreBound(Task task, NodeSnapshot node) {
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
