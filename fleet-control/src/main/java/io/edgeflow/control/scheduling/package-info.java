/**
 * Task placement: hard constraints filter, a {@link
 * io.edgeflow.control.scheduling.SchedulingPolicy} filters further and scores, the {@link
 * io.edgeflow.control.scheduling.TaskRouter} picks the best node and fails tasks over exactly once.
 *
 * <p>A Flink wrapper (BroadcastProcessFunction: tasks on the keyed or non-broadcast side, node
 * snapshots and health transitions broadcast) calls {@code upsertNode} for registry updates, {@code
 * updateHealth(node, state, now)} for health transitions (on DOWN it returns the reassignments to
 * emit), {@code assign(task, now)} for each task and {@code complete(taskId)} for completion
 * events; every call is idempotent under replay. Emit {@code Assigned} decisions that are not
 * {@code replay()} to {@code edgeflow.assignments} keyed by node.
 */
package io.edgeflow.control.scheduling;
