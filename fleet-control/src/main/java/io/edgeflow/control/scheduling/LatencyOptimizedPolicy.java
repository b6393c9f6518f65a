package io.edgeflow.control.scheduling;

/** The node that would return the result soonest: link RTT and input transfer, queue, execution. */
public final class LatencyOptimizedPolicy implements SchedulingPolicy {

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public double score(Task task, NodeSnapshot node) {
        return -node.estimatedCompletionMillis(task);
    }

    /** The transfer is at least one round trip, so this skips the input-size term. */
    @Override
    public double scoreBound(Task task, NodeSnapshot node) {
        return -(node.rttMillis() + node.queueWaitMillis() + node.executionMillis(task));
    }
}
