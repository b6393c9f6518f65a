package io.edgeflow.control.scheduling;

/** What the router did with a task. */
public sealed interface RoutingDecision {

    String taskId();

    /** Placed on a node; {@code replay} if the task was already open and this is its placement. */
    record Assigned(Assignment assignment, boolean replay) implements RoutingDecision {
        @Override
        public String taskId() {
            return assignment.taskId();
        }
    }

    /** No node passed the filters; the task is closed as failed. */
    record Unschedulable(String taskId, String reason) implements RoutingDecision {}

    /** Its node went DOWN after the task had used its one reassignment; closed as failed. */
    record FailedOver(String taskId, String lostNodeId) implements RoutingDecision {}

    /** The task id was already closed (completed or failed); a replayed arrival is ignored. */
    record AlreadyClosed(String taskId) implements RoutingDecision {}
}
