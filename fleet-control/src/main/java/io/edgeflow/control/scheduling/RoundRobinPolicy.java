package io.edgeflow.control.scheduling;

/** Each task to the next feasible node in turn, blind to load, latency and energy. */
public final class RoundRobinPolicy implements SchedulingPolicy {

    @Override
    public String name() {
        return "round-robin";
    }

    @Override
    public double score(Task task, NodeSnapshot node) {
        return 0;
    }

    @Override
    public boolean firstAdmittedWins() {
        return true;
    }
}
