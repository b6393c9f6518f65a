package io.edgeflow.jobs.control;

import io.edgeflow.control.health.HealthEvent.HeartbeatReceived;
import io.edgeflow.control.health.HealthEvent.TimerFired;
import io.edgeflow.control.health.HealthMachine;
import io.edgeflow.control.health.HealthPolicy;
import io.edgeflow.control.health.HealthStep;
import io.edgeflow.control.health.HealthTransition;
import io.edgeflow.control.health.NodeHealth;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.Heartbeat;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by node name: runs the {@link HealthMachine} on the node's HEARTBEAT frames and on timers,
 * emits the node's registry entry whenever it changes and its health transitions on {@link
 * #TRANSITIONS}.
 *
 * <p>Timers are event-time: silence is measured in heartbeat time, which the other nodes'
 * heartbeats push forward, so replays and restarts give the same transitions. When the whole fleet
 * goes quiet event time stops, so an optional processing-time fallback also wakes the machine after
 * the same span of wall-clock silence.
 */
public final class NodeHealthFunction extends KeyedProcessFunction<String, Frame, NodeStatus> {

    public static final OutputTag<HealthTransition> TRANSITIONS =
            new OutputTag<>("health-transitions", TypeInformation.of(HealthTransition.class));

    // HealthPolicy is not Serializable: keep its fields and rebuild the machine in open()
    private final long suspectAfterMillis;
    private final long downAfterMillis;
    private final int heartbeatsToRecover;
    private final long onTimeGapMillis;
    private final float criticalBattery;
    private final float saturatedCpuLoad;
    private final boolean processingTimeFallback;

    private transient HealthMachine machine;
    private transient ValueState<NodeHealth> health;
    private transient ValueState<NodeStatus> status;
    private transient ValueState<Long> lastHeartbeatProcessingTime;

    public NodeHealthFunction(
            HealthPolicy policy,
            float criticalBattery,
            float saturatedCpuLoad,
            boolean processingTimeFallback) {
        this.suspectAfterMillis = policy.suspectAfterMillis();
        this.downAfterMillis = policy.downAfterMillis();
        this.heartbeatsToRecover = policy.heartbeatsToRecover();
        this.onTimeGapMillis = policy.onTimeGapMillis();
        this.criticalBattery = criticalBattery;
        this.saturatedCpuLoad = saturatedCpuLoad;
        this.processingTimeFallback = processingTimeFallback;
    }

    @Override
    public void open(OpenContext ctx) {
        machine =
                new HealthMachine(
                        new HealthPolicy(
                                suspectAfterMillis,
                                downAfterMillis,
                                heartbeatsToRecover,
                                onTimeGapMillis));
        health =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "health", TypeInformation.of(NodeHealth.class)));
        status =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "status", TypeInformation.of(NodeStatus.class)));
        lastHeartbeatProcessingTime =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "last-heartbeat-processing-time", Types.LONG));
    }

    @Override
    public void processElement(Frame frame, Context ctx, Collector<NodeStatus> out)
            throws Exception {
        if (!(frame.message() instanceof Heartbeat hb)) {
            return;
        }
        HeartbeatReceived event = HeartbeatReceived.of(hb, criticalBattery, saturatedCpuLoad);
        NodeHealth current = health.value();
        HealthStep step;
        if (current == null) {
            NodeHealth first = NodeHealth.firstSeen(hb.nodeName(), event.atMillis());
            step = new HealthStep(first, Optional.empty(), machine.nextTimer(first));
        } else {
            step = machine.step(current, event);
            if (step.next().lastHeartbeatMillis() == current.lastHeartbeatMillis()) {
                return; // a replayed or reordered heartbeat: no news
            }
        }
        health.update(step.next());
        NodeStatus next = NodeStatus.of(hb, step.next());
        status.update(next);
        out.collect(next);
        step.transition().ifPresent(t -> ctx.output(TRANSITIONS, t));
        scheduleWakeUp(step, ctx.timerService());
        if (processingTimeFallback && step.nextTimerAtMillis() != HealthStep.NO_TIMER) {
            long now = ctx.timerService().currentProcessingTime();
            lastHeartbeatProcessingTime.update(now);
            ctx.timerService()
                    .registerProcessingTimeTimer(
                            now + step.nextTimerAtMillis() - step.next().lastHeartbeatMillis());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<NodeStatus> out)
            throws Exception {
        NodeHealth current = health.value();
        if (current == null) {
            return;
        }
        long at;
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            at = timestamp;
        } else {
            Long heardAt = lastHeartbeatProcessingTime.value();
            if (heardAt == null) {
                return;
            }
            // the wall-clock silence since the last heartbeat, expressed in heartbeat time
            at = current.lastHeartbeatMillis() + (timestamp - heardAt);
        }
        HealthStep step = machine.step(current, new TimerFired(at));
        if (step.transition().isEmpty()) {
            return; // a stale timer: a heartbeat came after it was set
        }
        health.update(step.next());
        NodeStatus next = status.value().withHealth(step.next());
        status.update(next);
        out.collect(next);
        ctx.output(TRANSITIONS, step.transition().get());
        scheduleWakeUp(step, ctx.timerService());
        if (processingTimeFallback && step.nextTimerAtMillis() != HealthStep.NO_TIMER) {
            ctx.timerService()
                    .registerProcessingTimeTimer(timestamp + step.nextTimerAtMillis() - at);
        }
    }

    private static void scheduleWakeUp(
            HealthStep step, org.apache.flink.streaming.api.TimerService timers) {
        if (step.nextTimerAtMillis() != HealthStep.NO_TIMER) {
            timers.registerEventTimeTimer(step.nextTimerAtMillis());
        }
    }
}
