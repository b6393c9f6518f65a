package io.edgeflow.jobs.control;

import io.edgeflow.control.scheduling.Assignment;
import io.edgeflow.control.scheduling.TaskRouter.OpenTask;

/**
 * An open task as the router function checkpoints it: the task in its wire encoding (Task holds
 * sets, which Flink would hand to Kryo) and its placement.
 */
public record OpenTaskEntry(
        String taskJson,
        String taskId,
        String nodeId,
        int attempt,
        long assignedAtMillis,
        String policy) {

    static OpenTaskEntry of(OpenTask open) {
        Assignment a = open.assignment();
        return new OpenTaskEntry(
                TaskWire.encode(open.task()),
                a.taskId(),
                a.nodeId(),
                a.attempt(),
                a.assignedAtMillis(),
                a.policy());
    }

    OpenTask toOpenTask() throws TaskWire.MalformedTaskException {
        TaskWire.NewTask t = (TaskWire.NewTask) TaskWire.parse(taskJson);
        return new OpenTask(
                t.task(), new Assignment(taskId, nodeId, attempt, assignedAtMillis, policy));
    }
}
