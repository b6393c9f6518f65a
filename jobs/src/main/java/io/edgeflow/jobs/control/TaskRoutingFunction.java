package io.edgeflow.jobs.control;

import io.edgeflow.control.scheduling.Assignment;
import io.edgeflow.control.scheduling.NodeSnapshot;
import io.edgeflow.control.scheduling.RoutingDecision;
import io.edgeflow.control.scheduling.SchedulingPolicy;
import io.edgeflow.control.scheduling.TaskRouter;
import io.edgeflow.control.scheduling.TaskRouter.OpenTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places tasks (JSON, see {@link TaskWire}) with a {@link TaskRouter}; the node table arrives as
 * broadcast registry entries, and a node turning DOWN fails its tasks over. Emits new placements
 * (first ones and reassignments), never replays.
 *
 * <p>The router's load accounting is global, so this runs with parallelism 1. Its state survives
 * restarts: the node table is the broadcast state, and the open tasks with their placements and the
 * closed task ids are operator list state, restored into a fresh router; a task is therefore
 * reassigned exactly once even if its node's DOWN is seen again after a restore.
 */
public final class TaskRoutingFunction
        extends BroadcastProcessFunction<String, NodeStatus, Assignment>
        implements CheckpointedFunction {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRoutingFunction.class);

    public static final MapStateDescriptor<String, NodeStatus> NODES =
            new MapStateDescriptor<>("nodes", Types.STRING, TypeInformation.of(NodeStatus.class));

    private final String policyName;
    private final NodeSpecDefaults spec;

    private transient TaskRouter router;
    private transient ListState<OpenTaskEntry> openTasks;
    // grows with every task id; a TTL beyond the replay horizon is still to do
    private transient ListState<String> closedTaskIds;

    public TaskRoutingFunction(String policyName, NodeSpecDefaults spec) {
        this.policyName = policyName;
        this.spec = spec;
        SchedulingPolicy.named(policyName); // fail at job build time on an unknown name
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        router = new TaskRouter(SchedulingPolicy.named(policyName));
        openTasks =
                ctx.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "open-tasks", TypeInformation.of(OpenTaskEntry.class)));
        closedTaskIds =
                ctx.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("closed-task-ids", Types.STRING));
        if (!ctx.isRestored()) {
            return;
        }
        // nodes first: restoring a task charges its load to its node
        BroadcastState<String, NodeStatus> nodes =
                ctx.getOperatorStateStore().getBroadcastState(NODES);
        for (Map.Entry<String, NodeStatus> e : nodes.entries()) {
            router.upsertNode(e.getValue().toSnapshot(spec));
        }
        for (OpenTaskEntry entry : openTasks.get()) {
            router.restoreOpen(entry.toOpenTask());
        }
        for (String id : closedTaskIds.get()) {
            router.restoreClosed(id);
        }
        LOG.info(
                "task router restored: {} nodes, {} open tasks",
                router.nodeCount(),
                router.openTaskCount());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        List<OpenTaskEntry> entries = new ArrayList<>(router.openTaskCount());
        for (OpenTask t : router.openTasks()) {
            entries.add(OpenTaskEntry.of(t));
        }
        openTasks.update(entries);
        closedTaskIds.update(new ArrayList<>(router.closedTaskIds()));
    }

    @Override
    public void processElement(String json, ReadOnlyContext ctx, Collector<Assignment> out) {
        TaskWire.TaskMessage msg;
        try {
            msg = TaskWire.parse(json);
        } catch (TaskWire.MalformedTaskException e) {
            LOG.warn("dropping task record: {}", e.getMessage());
            return;
        }
        if (msg instanceof TaskWire.Completion c) {
            router.complete(c.taskId());
            return;
        }
        TaskWire.NewTask t = (TaskWire.NewTask) msg;
        // the task's own creation time, not the clock: a replay places it the same way
        emit(router.assign(t.task(), t.task().createdAtMillis()), out);
    }

    @Override
    public void processBroadcastElement(NodeStatus status, Context ctx, Collector<Assignment> out)
            throws Exception {
        ctx.getBroadcastState(NODES).put(status.nodeId(), status);
        NodeSnapshot snapshot = status.toSnapshot(spec);
        Optional<NodeSnapshot> known = router.node(status.nodeId());
        if (known.isEmpty() || known.get().health() == status.health()) {
            router.upsertNode(snapshot);
            return;
        }
        // health changes go through updateHealth: it is what moves tasks off a DOWN node
        router.upsertNode(snapshot.withHealth(known.get().health()));
        for (RoutingDecision d :
                router.updateHealth(status.nodeId(), status.health(), status.stateSinceMillis())) {
            emit(d, out);
        }
    }

    private static void emit(RoutingDecision decision, Collector<Assignment> out) {
        if (decision instanceof RoutingDecision.Assigned a) {
            if (!a.replay()) {
                out.collect(a.assignment());
            }
        } else {
            LOG.info("task {} not placed: {}", decision.taskId(), decision);
        }
    }
}
