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
    private NodeSnapshot[] nodes = new NodeSnapshot[16];
    private int nodeCount;
    private final Map<String, Integer> slotOf = new HashMap<>();

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
        Integer slot = slotOf.get(node.nodeId());
        if (slot != null) {
            nodes[slot] = node.withLoadOf(nodes[slot]);
            return;
        }
        if (nodeCount == nodes.length) {
            nodes = Arrays.copyOf(nodes, nodeCount * 2);
        }
        // the registry knows nothing of the router's assignments: a new node starts unloaded
        nodes[nodeCount] = node.withLoad(0, 0);
        slotOf.put(node.nodeId(), nodeCount);
        nodeCount++;
    }

    public Optional<NodeSnapshot> node(String nodeId) {
        Integer slot = slotOf.get(nodeId);
        return slot == null ? Optional.empty() : Optional.of(nodes[slot]);
    }

    public int nodeCount() {
        return nodeCount;
    }

    /**
     * Records a node's health; on DOWN, moves its open tasks off it (see {@link #failOver}) and
     * returns what became of them.
     */
    public List<RoutingDecision> updateHealth(String nodeId, HealthState health, long nowMillis) {
        Integer slot = slotOf.get(nodeId);
        if (slot == null) {
            return List.of();
        }
        nodes[slot] = nodes[slot].withHealth(health);
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
        Integer slot = slotOf.get(nodeId);
        if (slot != null) {
            nodes[slot] = nodes[slot].withTaskRemoved(task.task());
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
            Integer slot = slotOf.get(lostNodeId);
            if (slot != null) {
                nodes[slot] = nodes[slot].withTaskRemoved(lost.task());
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
        Integer slot = slotOf.get(nodeId);
        if (slot != null) {
            nodes[slot] = nodes[slot].withTaskAdded(task.task());
        }
    }

    /** Restores a closed task id from a checkpoint. */
    public void restoreClosed(String taskId) {
        closed.add(taskId);
    }

    private RoutingDecision place(Task task, int attempt, String excludedNodeId, long nowMillis) {
        int best = select(task, excludedNodeId);
        if (best < 0) {
            closed.add(task.id());
            return new Unschedulable(task.id(), explainNoFit(task, excludedNodeId));
        }
        NodeSnapshot node = nodes[best];
        nodes[best] = node.withTaskAdded(task);
        Assignment a = new Assignment(task.id(), node.nodeId(), attempt, nowMillis, policy.name());
        open.put(task.id(), new OpenTask(task, a));
        openTasksByNode.computeIfAbsent(node.nodeId(), k -> new LinkedHashSet<>()).add(task.id());
        return new Assigned(a, false);
    }

    /** Filter then score over all nodes, starting at the cursor; -1 if none passes. */
    private int select(Task task, String excludedNodeId) {
        int n = nodeCount;
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        boolean firstWins = policy.firstAdmittedWins();
        for (int i = 0; i < n; i++) {
            int slot = cursor + i;
            if (slot >= n) {
                slot -= n;
            }
            NodeSnapshot node = nodes[slot];
            if (HardConstraints.rejection(task, node) != null
                    || !policy.admits(task, node)
                    || (excludedNodeId != null && node.nodeId().equals(excludedNodeId))) {
                continue;
            }
            if (best >= 0 && policy.scoreBound(task, node) <= bestScore) {
                continue; // cannot win: a tie keeps the earlier node anyway
            }
            double score = policy.score(task, node);
            if (best < 0 || score > bestScore) {
                best = slot;
                bestScore = score;
                if (firstWins) {
                    break;
                }
            }
        }
        if (best >= 0) {
            cursor = best + 1 < n ? best + 1 : 0;
        }
        return best;
    }

    /** Counts why nodes were filtered out; only computed when a task fits nowhere. */
    private String explainNoFit(Task task, String excludedNodeId) {
        Map<String, Integer> reasons = new TreeMap<>();
        for (int i = 0; i < nodeCount; i++) {
            NodeSnapshot node = nodes[i];
            String r = HardConstraints.rejection(task, node);
            if (r == null) {
                r =
                        node.nodeId().equals(excludedNodeId)
                                ? "node being failed over"
                                : "refused by policy " + policy.name();
            }
            reasons.merge(r, 1, Integer::sum);
        }
        return "no node fits among " + nodeCount + ": " + new LinkedHashMap<>(reasons);
    }
}
