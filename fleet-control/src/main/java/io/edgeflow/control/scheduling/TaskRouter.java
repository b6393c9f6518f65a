package io.edgeflow.control.scheduling;

import io.edgeflow.control.health.HealthState;
import io.edgeflow.control.scheduling.RoutingDecision.AlreadyClosed;
import io.edgeflow.control.scheduling.RoutingDecision.Assigned;
import io.edgeflow.control.scheduling.RoutingDecision.FailedOver;
import io.edgeflow.control.scheduling.RoutingDecision.Unschedulable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Places tasks on nodes by a {@link SchedulingPolicy}: hard constraints filter, the policy filters
 * and scores, the best node wins. Holds the node table, the open tasks and the ids of closed ones.
 *
 * <p>Every operation is idempotent against replays (a Flink job restarting from a checkpoint
 * re-delivers the events after it): a task already open keeps its placement, a closed task id is
 * not placed again, and a node's tasks are moved off it only once when it goes DOWN, each task at
 * most once in its life ({@link Assignment#attempt()} 1), so a task reaches a second node exactly
 * once however often the DOWN event is seen.
 *
 * <p>Closed task ids are kept for the life of the instance, which is what makes a replayed arrival
 * harmless; a long-running wrapper keeps them in state with a TTL longer than its replay horizon.
 *
 * <p>Not thread-safe; one instance per operator subtask.
 */
public final class TaskRouter {

    /** An open task and where it runs. */
    public record OpenTask(Task task, Assignment assignment) {}

    private final SchedulingPolicy policy;
    private final NodeTable table = new NodeTable();

    /** Scratch for the candidates' scores, reused across tasks. */
    private double[] scores = new double[16];

    private double[] estimates = new double[16];

    /** Where the next scan starts; moves past each winner so equal scores rotate. */
    private int cursor;

    // placement order, so a restored router lists a node's tasks (and fails them over) in the
    // same order as before
    private final Map<String, OpenTask> open = new LinkedHashMap<>();
    private final Map<String, Set<String>> openTasksByNode = new HashMap<>();
    private final Set<String> closed = new HashSet<>();

    public TaskRouter(SchedulingPolicy policy) {
        this.policy = policy;
    }

    public SchedulingPolicy policy() {
        return policy;
    }

    /**
     * Adds a node or replaces its spec and status; the router's own load accounting for it is kept.
     * A node updated to DOWN through here is not failed over: use {@link #updateHealth}.
     */
    public void upsertNode(NodeSnapshot node) {
        // the registry knows nothing of the router's assignments: a new node starts unloaded
        table.upsert(node);
    }

    public Optional<NodeSnapshot> node(String nodeId) {
        int slot = table.slotOf(nodeId);
        return slot < 0 ? Optional.empty() : Optional.of(table.snapshot(slot));
    }

    public int nodeCount() {
        return table.size();
    }

    /**
     * Records a node's health; on DOWN, moves its open tasks off it (see {@link #failOver}) and
     * returns what became of them.
     */
    public List<RoutingDecision> updateHealth(String nodeId, HealthState health, long nowMillis) {
        int slot = table.slotOf(nodeId);
        if (slot < 0) {
            return List.of();
        }
        table.setHealth(slot, health);
        return health == HealthState.DOWN ? failOver(nodeId, nowMillis) : List.of();
    }

    /**
     * Places a task. A task id that is open returns its current placement (marked replay); a closed
     * one is refused.
     */
    public RoutingDecision assign(Task task, long nowMillis) {
        OpenTask existing = open.get(task.id());
        if (existing != null) {
            return new Assigned(existing.assignment(), true);
        }
        if (closed.contains(task.id())) {
            return new AlreadyClosed(task.id());
        }
        return place(task, 0, null, nowMillis);
    }

    /** Closes a task (completed, or given up by the caller); returns false if it was not open. */
    public boolean complete(String taskId) {
        OpenTask task = open.remove(taskId);
        closed.add(taskId);
        if (task == null) {
            return false;
        }
        String nodeId = task.assignment().nodeId();
        Set<String> onNode = openTasksByNode.get(nodeId);
        if (onNode != null) {
            onNode.remove(taskId);
        }
        int slot = table.slotOf(nodeId);
        if (slot >= 0) {
            table.removeLoad(slot, task.task());
        }
        return true;
    }

    /**
     * Moves every open task off a node: a task on its first placement is placed again elsewhere
     * (attempt 1); one already reassigned once is closed as failed. Calling it again for the same
     * node finds nothing left to move.
     */
    public List<RoutingDecision> failOver(String lostNodeId, long nowMillis) {
        Set<String> onNode = openTasksByNode.remove(lostNodeId);
        if (onNode == null || onNode.isEmpty()) {
            return List.of();
        }
        List<RoutingDecision> decisions = new ArrayList<>(onNode.size());
        for (String taskId : onNode) {
            OpenTask lost = open.remove(taskId);
            int slot = table.slotOf(lostNodeId);
            if (slot >= 0) {
                table.removeLoad(slot, lost.task());
            }
            if (lost.assignment().attempt() >= 1) {
                closed.add(taskId);
                decisions.add(new FailedOver(taskId, lostNodeId));
            } else {
                decisions.add(place(lost.task(), 1, lostNodeId, nowMillis));
            }
        }
        return decisions;
    }

    public Optional<OpenTask> openTask(String taskId) {
        return Optional.ofNullable(open.get(taskId));
    }

    public int openTaskCount() {
        return open.size();
    }

    /** Open task ids on a node, in placement order. */
    public Collection<String> openTasksOn(String nodeId) {
        return List.copyOf(openTasksByNode.getOrDefault(nodeId, Set.of()));
    }

    /**
     * Every open task with its placement, in placement order, for a wrapper that checkpoints the
     * router: restoring them in this order reproduces the per-node order.
     */
    public Collection<OpenTask> openTasks() {
        return List.copyOf(open.values());
    }

    /** Ids of closed tasks, for a wrapper that checkpoints the router. */
    public Collection<String> closedTaskIds() {
        return List.copyOf(closed);
    }

    /**
     * Restores an open task from a checkpoint with its recorded placement (no policy is asked),
     * charging its load to the node if the node is known. Restore nodes first.
     */
    public void restoreOpen(OpenTask task) {
        String taskId = task.task().id();
        String nodeId = task.assignment().nodeId();
        open.put(taskId, task);
        openTasksByNode.computeIfAbsent(nodeId, k -> new LinkedHashSet<>()).add(taskId);
        int slot = table.slotOf(nodeId);
        if (slot >= 0) {
            table.addLoad(slot, task.task());
        }
    }

    /** Restores a closed task id from a checkpoint. */
    public void restoreClosed(String taskId) {
        closed.add(taskId);
    }

    private RoutingDecision place(Task task, int attempt, String excludedNodeId, long nowMillis) {
        int best = select(task, excludedNodeId == null ? -1 : table.slotOf(excludedNodeId));
        if (best < 0) {
            closed.add(task.id());
            return new Unschedulable(task.id(), explainNoFit(task, excludedNodeId));
        }
        table.addLoad(best, task);
        String nodeId = table.nodeId(best);
        Assignment a = new Assignment(task.id(), nodeId, attempt, nowMillis, policy.name());
        open.put(task.id(), new OpenTask(task, a));
        openTasksByNode.computeIfAbsent(nodeId, k -> new LinkedHashSet<>()).add(task.id());
        return new Assigned(a, false);
    }

    /**
     * The best-scoring UP candidate, scanning from the cursor so that equal scores go to the node
     * met first; -1 if none passes the filters.
     */
    private int select(Task task, int excludedSlot) {
        int[] slots = table.candidates(task);
        int count = slots.length;
        if (count == 0) {
            return -1;
        }
        // the scan starts at the first candidate at or after the cursor and wraps around
        int start = Arrays.binarySearch(slots, cursor);
        if (start < 0) {
            start = -start - 1;
        }
        int best = -1;
        if (policy.firstAdmittedWins()) {
            boolean[] up = table.up;
            for (int k = 0; k < count && best < 0; k++) {
                int slot = slots[(start + k) % count];
                if (up[slot] && slot != excludedSlot && policy.admits(task, table.snapshot(slot))) {
                    best = slot;
                }
            }
        } else {
            if (scores.length < count) {
                scores = new double[Math.max(count, scores.length * 2)];
                estimates = new double[scores.length];
            }
            policy.scoreCandidates(task, table, slots, scores);
            double limit = Double.POSITIVE_INFINITY;
            if (policy.completionSlack() < Double.POSITIVE_INFINITY) {
                limit = completionLimit(task, slots, excludedSlot, policy.completionSlack());
            }
            // from the cursor to the end, then from the start: the first of equal scores wins
            int i = bestOf(slots, start, count, excludedSlot, limit, -1);
            i = bestOf(slots, 0, start, excludedSlot, limit, i);
            best = i < 0 ? -1 : slots[i];
        }
        if (best >= 0) {
            cursor = best + 1 < table.size() ? best + 1 : 0;
        }
        return best;
    }

    /**
     * The policy's relative filter ({@link SchedulingPolicy#completionSlack}): fills {@code
     * estimates} and returns the latest estimated completion the slack allows after the fastest
     * eligible candidate.
     */
    private double completionLimit(Task task, int[] slots, int excludedSlot, double slack) {
        table.estimateCompletions(task, slots, estimates, 1);
        boolean[] up = table.up;
        double fastest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < slots.length; i++) {
            int slot = slots[i];
            if (estimates[i] < fastest
                    && scores[i] > Double.NEGATIVE_INFINITY
                    && up[slot]
                    && slot != excludedSlot) {
                fastest = estimates[i];
            }
        }
        return Math.max(fastest, fastest + slack * (task.deadlineMillis() - fastest));
    }

    /**
     * The index of the best UP candidate in {@code slots[from, to)} within the completion limit (an
     * infinite limit leaves {@code estimates} unread) that scores above the one at {@code
     * bestIndex}, else {@code bestIndex} (-1 for none yet).
     */
    private int bestOf(
            int[] slots, int from, int to, int excludedSlot, double limit, int bestIndex) {
        boolean[] up = table.up;
        double[] score = scores;
        boolean limited = limit < Double.POSITIVE_INFINITY;
        double bestScore = bestIndex < 0 ? Double.NEGATIVE_INFINITY : score[bestIndex];
        for (int i = from; i < to; i++) {
            if (score[i] > bestScore && (!limited || estimates[i] <= limit)) {
                int slot = slots[i];
                if (up[slot] && slot != excludedSlot) {
                    bestIndex = i;
                    bestScore = score[i];
                }
            }
        }
        return bestIndex;
    }

    /** Counts why nodes were filtered out; only computed when a task fits nowhere. */
    private String explainNoFit(Task task, String excludedNodeId) {
        Map<String, Integer> reasons = new TreeMap<>();
        for (int i = 0; i < table.size(); i++) {
            NodeSnapshot node = table.snapshot(i);
            String r = HardConstraints.rejection(task, node);
            if (r == null) {
                r =
                        node.nodeId().equals(excludedNodeId)
                                ? "node being failed over"
                                : "refused by policy " + policy.name();
            }
            reasons.merge(r, 1, Integer::sum);
        }
        return "no node fits among " + table.size() + ": " + new LinkedHashMap<>(reasons);
    }
}
