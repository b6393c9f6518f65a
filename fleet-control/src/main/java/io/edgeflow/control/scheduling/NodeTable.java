package io.edgeflow.control.scheduling;

import io.edgeflow.control.health.HealthState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The router's node table in columns: per slot, the fields policies score on, the router's load
 * accounting, and which static demands the node meets. The router scans it for every task, so
 * scoring reads flat arrays instead of one object per node, and the static part of the hard
 * constraints (cores, memory, GPUs, capabilities) is decided once per distinct demand and node
 * change, not per task and node.
 *
 * <p>Derived columns hold exactly the products the {@link NodeSnapshot} methods compute, so a
 * policy's columnar scores are bit for bit its {@link SchedulingPolicy#score} values.
 */
public final class NodeTable {

    /** The static needs of a task that decide which nodes can ever take it. */
    private record Demand(int cpuCores, long memoryMb, int gpus, Set<String> capabilities) {
        static Demand of(Task t) {
            return new Demand(t.cpuCores(), t.memoryMb(), t.gpus(), t.requiredCapabilities());
        }

        boolean metBy(NodeSnapshot n) {
            return n.cpuCores() >= cpuCores
                    && n.memoryMb() >= memoryMb
                    && n.gpus() >= gpus
                    && (capabilities.isEmpty() || n.capabilities().containsAll(capabilities));
        }
    }

    private NodeSnapshot[] specs = new NodeSnapshot[16];
    private int size;
    private final Map<String, Integer> slotOf = new HashMap<>();
    private final Map<Demand, int[]> candidatesByDemand = new HashMap<>();

    // columns, package-private: the policies in this package loop over them; the reciprocals are
    // computed exactly as NodeSnapshot's estimates compute them
    boolean[] up = new boolean[16];
    double[] rttMillis = new double[16];

    /** 1 / (bandwidth in kbit/s). */
    double[] perKbps = new double[16];

    /** 1 / speed. */
    double[] perSpeed = new double[16];

    /** 1 / (speed times cores). */
    double[] perCapacity = new double[16];

    /** 1 / cores. */
    double[] perCore = new double[16];

    double[] batteryFraction = new double[16];

    /** 1 / max(charge, 0.05) on battery, 1 on mains: what a joule of the node's energy counts. */
    double[] energyWeight = new double[16];

    double[] activeWattsPerCore = new double[16];
    int[] assignedTasks = new int[16];
    double[] backlogMillis = new double[16];

    public int size() {
        return size;
    }

    /** The slot of a node, or -1. */
    public int slotOf(String nodeId) {
        Integer slot = slotOf.get(nodeId);
        return slot == null ? -1 : slot;
    }

    public String nodeId(int slot) {
        return specs[slot].nodeId();
    }

    /** The node in a slot with its current load. */
    public NodeSnapshot snapshot(int slot) {
        return specs[slot].withLoad(assignedTasks[slot], backlogMillis[slot]);
    }

    /**
     * Adds a node or replaces its spec and status, keeping the load accounted for it; a new node
     * starts unloaded. Returns its slot.
     */
    int upsert(NodeSnapshot node) {
        Integer known = slotOf.get(node.nodeId());
        int slot;
        if (known == null) {
            slot = size++;
            grow(size);
            slotOf.put(node.nodeId(), slot);
            candidatesByDemand.clear();
        } else {
            slot = known;
            if (!sameStaticSpec(specs[slot], node)) {
                candidatesByDemand.clear();
            }
        }
        specs[slot] = node.withLoad(0, 0);
        up[slot] = node.health() == HealthState.UP;
        rttMillis[slot] = node.rttMillis();
        perKbps[slot] = 1.0 / (node.bandwidthMbps() * 1_000.0);
        perSpeed[slot] = 1.0 / node.speedFactor();
        perCapacity[slot] = 1.0 / (node.speedFactor() * node.cpuCores());
        perCore[slot] = 1.0 / node.cpuCores();
        batteryFraction[slot] = node.batteryFraction();
        energyWeight[slot] = node.energyWeight();
        activeWattsPerCore[slot] = node.activeWattsPerCore();
        return slot;
    }

    void setHealth(int slot, HealthState health) {
        specs[slot] = specs[slot].withHealth(health);
        up[slot] = health == HealthState.UP;
    }

    void addLoad(int slot, Task task) {
        assignedTasks[slot]++;
        backlogMillis[slot] += task.workMillis() * task.cpuCores();
    }

    void removeLoad(int slot, Task task) {
        // max(0, ..) guards the float sum against drifting below zero
        assignedTasks[slot] = Math.max(0, assignedTasks[slot] - 1);
        backlogMillis[slot] =
                Math.max(0, backlogMillis[slot] - task.workMillis() * task.cpuCores());
    }

    /**
     * Slots, ascending, of the nodes whose spec meets the task's cores, memory, GPUs and
     * capabilities, whatever their health. Do not modify.
     */
    int[] candidates(Task task) {
        Demand d = Demand.of(task);
        int[] slots = candidatesByDemand.get(d);
        if (slots == null) {
            List<Integer> fit = new ArrayList<>();
            for (int s = 0; s < size; s++) {
                if (d.metBy(specs[s])) {
                    fit.add(s);
                }
            }
            slots = fit.stream().mapToInt(Integer::intValue).toArray();
            candidatesByDemand.put(d, slots);
        }
        return slots;
    }

    /**
     * {@link NodeSnapshot#estimatedCompletionMillis} of each candidate slot into {@code out}, term
     * for term over the columns; the few nodes the task names as holding its input skip the upload.
     * A {@code sign} of -1 writes them negated (exactly: a sign flip), as scores.
     */
    void estimateCompletions(Task task, int[] slots, double[] out, double sign) {
        double bits = task.inputBytes() * 8.0;
        double work = task.workMillis();
        double[] rtt = rttMillis;
        double[] perKbps = this.perKbps;
        double[] backlog = backlogMillis;
        double[] perCapacity = this.perCapacity;
        double[] perSpeed = this.perSpeed;
        for (int i = 0; i < slots.length; i++) {
            int s = slots[i];
            out[i] =
                    sign
                            * (rtt[s]
                                    + bits * perKbps[s]
                                    + backlog[s] * perCapacity[s]
                                    + work * perSpeed[s]);
        }
        for (String hint : task.localityHints()) {
            int slot = slotOf(hint);
            int i = slot < 0 ? -1 : Arrays.binarySearch(slots, slot);
            if (i >= 0) {
                out[i] = sign * snapshot(slot).estimatedCompletionMillis(task);
            }
        }
    }

    private static boolean sameStaticSpec(NodeSnapshot a, NodeSnapshot b) {
        return a.cpuCores() == b.cpuCores()
                && a.memoryMb() == b.memoryMb()
                && a.gpus() == b.gpus()
                && a.capabilities().equals(b.capabilities());
    }

    private void grow(int needed) {
        if (needed <= specs.length) {
            return;
        }
        int n = Math.max(needed, specs.length * 2);
        specs = Arrays.copyOf(specs, n);
        up = Arrays.copyOf(up, n);
        rttMillis = Arrays.copyOf(rttMillis, n);
        perKbps = Arrays.copyOf(perKbps, n);
        perSpeed = Arrays.copyOf(perSpeed, n);
        perCapacity = Arrays.copyOf(perCapacity, n);
        perCore = Arrays.copyOf(perCore, n);
        batteryFraction = Arrays.copyOf(batteryFraction, n);
        energyWeight = Arrays.copyOf(energyWeight, n);
        activeWattsPerCore = Arrays.copyOf(activeWattsPerCore, n);
        assignedTasks = Arrays.copyOf(assignedTasks, n);
        backlogMillis = Arrays.copyOf(backlogMillis, n);
    }
}
