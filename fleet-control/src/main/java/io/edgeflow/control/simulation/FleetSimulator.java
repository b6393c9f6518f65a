package io.edgeflow.control.simulation;

import io.edgeflow.control.health.HealthEvent;
import io.edgeflow.control.health.HealthMachine;
import io.edgeflow.control.health.HealthPolicy;
import io.edgeflow.control.health.HealthStep;
import io.edgeflow.control.health.HealthTransition;
import io.edgeflow.control.health.NodeHealth;
import io.edgeflow.control.scheduling.Assignment;
import io.edgeflow.control.scheduling.NodeSnapshot;
import io.edgeflow.control.scheduling.RoutingDecision;
import io.edgeflow.control.scheduling.SchedulingPolicy;
import io.edgeflow.control.scheduling.Task;
import io.edgeflow.control.scheduling.TaskRouter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A discrete-event simulation of a fleet under one scheduling policy. The control plane in it is
 * the real one: the {@link TaskRouter} places tasks and fails them over, and the {@link
 * HealthMachine} turns simulated heartbeats into UP/DEGRADED/DOWN; only the nodes, links and
 * batteries are simulated.
 *
 * <p>Model: a task travels half a round trip plus its input over the node's link (nothing when the
 * node holds the input), waits in the node's FIFO until enough cores are free, runs for its work
 * divided by the node's speed, and its result takes half a round trip back. A crash or flat battery
 * loses everything on the node; the router learns of it only through missed heartbeats. Links do
 * not share bandwidth between transfers and the router-to-node hop is free: both are
 * simplifications.
 */
public final class FleetSimulator {

    private final FleetPlan plan;

    public FleetSimulator(FleetPlan plan) {
        this.plan = plan;
    }

    public SimulationResult run(SchedulingPolicy policy) {
        return new Run(policy).execute();
    }

    private record Event(double time, long seq, Runnable action) {}

    /** One run's mutable state; never shared between policies. */
    private final class Run {
        private final FleetScenario scenario = plan.scenario();
        private final PriorityQueue<Event> events =
                new PriorityQueue<>(
                        (a, b) ->
                                a.time != b.time
                                        ? Double.compare(a.time, b.time)
                                        : Long.compare(a.seq, b.seq));
        private long seq;
        private double now;
        private final TaskRouter router;
        private final HealthMachine health;
        private final SimulatedNode[] nodes;
        private final Map<String, SimulatedNode> byId = new HashMap<>();
        private final double horizon;

        private int arrived;
        private boolean arrivalsDone;
        private int completed;
        private int failed;
        private int deadlineMisses;
        private int reassigned;
        private int depletions;
        private final List<Double> completionTimes = new ArrayList<>();
        private final List<Double> failoverTimes = new ArrayList<>();
        private final Map<String, Task> openTasks = new HashMap<>();

        Run(SchedulingPolicy policy) {
            this.router = new TaskRouter(policy);
            this.health =
                    new HealthMachine(
                            HealthPolicy.forHeartbeatInterval(scenario.heartbeatIntervalMillis()));
            this.horizon = scenario.durationMillis() + 30 * 60_000.0;
            List<FleetPlan.PlannedNode> planned = plan.nodes();
            nodes = new SimulatedNode[planned.size()];
            for (int i = 0; i < nodes.length; i++) {
                SimulatedNode n = new SimulatedNode(planned.get(i), i);
                nodes[i] = n;
                byId.put(n.id(), n);
                router.upsertNode(n.plan.spec());
                n.health = NodeHealth.firstSeen(n.id(), 0);
                scheduleTimer(n, health.nextTimer(n.health));
                long phase = n.plan.heartbeatPhaseMillis();
                int epoch = n.epoch;
                at(phase, () -> heartbeat(n, epoch));
                scheduleDepletion(n);
                for (FleetPlan.CrashWindow w : n.plan.crashes()) {
                    at(w.crashAtMillis(), () -> crash(n));
                    at(w.repairedAtMillis(), () -> repair(n));
                }
            }
        }

        SimulationResult execute() {
            List<Task> tasks = plan.tasks();
            if (tasks.isEmpty()) {
                arrivalsDone = true;
            } else {
                scheduleArrival(tasks, 0);
            }
            while (!events.isEmpty()) {
                Event e = events.poll();
                if (e.time > horizon) {
                    break;
                }
                now = e.time;
                e.action.run();
                if (arrivalsDone && openTasks.isEmpty()) {
                    break;
                }
            }
            double active = 0;
            double total = 0;
            for (SimulatedNode n : nodes) {
                n.settle(now);
                active += n.activeJoules;
                total += n.activeJoules + n.idleJoules;
            }
            double[] times = completionTimes.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(times);
            double[] failovers = failoverTimes.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(failovers);
            return new SimulationResult(
                    router.policy().name(),
                    scenario.seed(),
                    arrived,
                    completed,
                    failed,
                    openTasks.size(),
                    deadlineMisses,
                    reassigned,
                    active,
                    total,
                    depletions,
                    times,
                    failovers);
        }

        private void at(double time, Runnable action) {
            events.add(new Event(time, seq++, action));
        }

        // ---- workload and dispatch ----

        private void scheduleArrival(List<Task> tasks, int index) {
            Task t = tasks.get(index);
            at(
                    t.createdAtMillis(),
                    () -> {
                        arrived++;
                        openTasks.put(t.id(), t);
                        handle(router.assign(t, (long) now));
                        if (index + 1 < tasks.size()) {
                            scheduleArrival(tasks, index + 1);
                        } else {
                            arrivalsDone = true;
                        }
                    });
        }

        private void handle(RoutingDecision d) {
            if (d instanceof RoutingDecision.Assigned a) {
                if (a.replay()) {
                    return;
                }
                Assignment as = a.assignment();
                if (as.attempt() == 1) {
                    reassigned++;
                }
                dispatch(openTasks.get(as.taskId()), byId.get(as.nodeId()));
            } else if (d instanceof RoutingDecision.Unschedulable
                    || d instanceof RoutingDecision.FailedOver) {
                if (openTasks.remove(d.taskId()) != null) {
                    failed++;
                }
            }
        }

        private void dispatch(Task task, SimulatedNode node) {
            NodeSnapshot spec = node.plan.spec();
            double oneWay = spec.transferMillis(task) - spec.rttMillis() / 2;
            int epoch = node.epoch;
            at(
                    now + oneWay,
                    () -> {
                        if (node.alive && node.epoch == epoch) {
                            node.waiting.add(new SimulatedNode.Job(task));
                            startWork(node);
                        }
                        // else: delivered to a dead node and lost; the router finds out at DOWN
                    });
        }

        private void startWork(SimulatedNode node) {
            boolean started = false;
            while (!node.waiting.isEmpty()
                    && node.waiting.peek().task().cpuCores()
                            <= node.plan.spec().cpuCores() - node.busyCores) {
                if (!started) {
                    node.settle(now);
                    started = true;
                }
                Task task = node.waiting.poll().task();
                node.busyCores += task.cpuCores();
                int epoch = node.epoch;
                at(
                        now + node.plan.spec().executionMillis(task),
                        () -> finishWork(node, task, epoch));
            }
            if (started) {
                scheduleDepletion(node);
            }
        }

        private void finishWork(SimulatedNode node, Task task, int epoch) {
            if (node.epoch != epoch) {
                return;
            }
            node.settle(now);
            node.busyCores -= task.cpuCores();
            at(now + node.plan.spec().rttMillis() / 2, () -> resultArrived(task));
            startWork(node);
            scheduleDepletion(node);
        }

        private void resultArrived(Task task) {
            // the first result for an open task closes it; a late duplicate finds it closed
            if (openTasks.remove(task.id()) == null) {
                return;
            }
            router.complete(task.id());
            completed++;
            double took = now - task.createdAtMillis();
            completionTimes.add(took);
            if (took > task.deadlineMillis()) {
                deadlineMisses++;
            }
        }

        // ---- failures and batteries ----

        private void crash(SimulatedNode node) {
            if (!node.alive) {
                return;
            }
            node.settle(now);
            node.alive = false;
            node.stoppedAtMillis = now;
            node.crashedByFailure = true;
            node.epoch++;
            node.waiting.clear();
            node.busyCores = 0;
        }

        private void repair(SimulatedNode node) {
            if (node.alive || !node.crashedByFailure) {
                return;
            }
            revive(node);
        }

        private void revive(SimulatedNode node) {
            node.alive = true;
            node.crashedByFailure = false;
            node.epoch++;
            node.lastSettledMillis = now;
            int epoch = node.epoch;
            at(now, () -> heartbeat(node, epoch));
            scheduleDepletion(node);
        }

        private void scheduleDepletion(SimulatedNode node) {
            if (!node.onBattery() || !node.alive) {
                return;
            }
            int version = ++node.depletionVersion;
            double when = now + node.millisToEmpty();
            if (when <= horizon) {
                at(
                        when,
                        () -> {
                            if (node.depletionVersion != version || !node.alive) {
                                return;
                            }
                            node.settle(now);
                            depletions++;
                            node.alive = false;
                            node.stoppedAtMillis = now;
                            node.crashedByFailure = false;
                            node.epoch++;
                            node.waiting.clear();
                            node.busyCores = 0;
                            at(
                                    now + scenario.rechargeMillis(),
                                    () -> {
                                        if (!node.alive && !node.crashedByFailure) {
                                            node.chargeJoules = node.plan.profile().batteryJoules();
                                            revive(node);
                                        }
                                    });
                        });
            }
        }

        // ---- heartbeats and health ----

        private void heartbeat(SimulatedNode node, int epoch) {
            if (!node.alive || node.epoch != epoch) {
                return;
            }
            at(now + scenario.heartbeatIntervalMillis(), () -> heartbeat(node, epoch));
            long beat = node.heartbeatsSent++;
            if (unitHash(scenario.seed(), node.index, beat) < scenario.heartbeatLoss()) {
                return;
            }
            node.settle(now);
            double battery = node.onBattery() ? node.batteryFraction() : NodeSnapshot.MAINS_POWERED;
            at(now + node.plan.spec().rttMillis() / 2, () -> heartbeatArrived(node, battery));
        }

        private void heartbeatArrived(SimulatedNode node, double battery) {
            if (battery != NodeSnapshot.MAINS_POWERED) {
                router.node(node.id()).ifPresent(s -> router.upsertNode(s.withBattery(battery)));
            }
            // a nearly flat battery is reported as an impairment: no new work for that node
            boolean impaired = battery != NodeSnapshot.MAINS_POWERED && battery < 0.03;
            stepHealth(node, new HealthEvent.HeartbeatReceived((long) Math.ceil(now), impaired));
        }

        private void stepHealth(SimulatedNode node, HealthEvent event) {
            HealthStep step = health.step(node.health, event);
            node.health = step.next();
            if (step.transition().isPresent()) {
                HealthTransition t = step.transition().get();
                for (RoutingDecision d : router.updateHealth(node.id(), t.to(), (long) now)) {
                    if (!node.alive && d instanceof RoutingDecision.Assigned a && !a.replay()) {
                        // from the node's stop to its tasks' reassignment
                        failoverTimes.add(now - node.stoppedAtMillis);
                    }
                    handle(d);
                }
            }
            scheduleTimer(node, step.nextTimerAtMillis());
        }

        private void scheduleTimer(SimulatedNode node, long at) {
            if (at != HealthStep.NO_TIMER && at <= horizon) {
                at(
                        Math.max(at, now),
                        () -> stepHealth(node, new HealthEvent.TimerFired((long) now)));
            }
        }
    }

    /** A uniform number in [0, 1) from (seed, node, beat), the same whichever policy runs. */
    static double unitHash(long seed, int node, long beat) {
        long z =
                seed * 0x9E3779B97F4A7C15L
                        + node * 0xBF58476D1CE4E5B9L
                        + beat * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
