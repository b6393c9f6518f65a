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

    @Override
    public void scoreCandidates(Task task, NodeTable table, int[] slots, double[] scores) {
        table.estimateCompletions(task, slots, scores, -1);
    }
}
