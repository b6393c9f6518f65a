package io.edgeflow.jobs.control;

import io.edgeflow.control.health.HealthState;
import io.edgeflow.control.health.NodeHealth;
import io.edgeflow.control.scheduling.NodeSnapshot;
import io.edgeflow.control.scheduling.NodeType;
import io.edgeflow.protocol.Heartbeat;
import io.edgeflow.protocol.LinkStats;
import java.util.Comparator;
import java.util.Set;

/**
 * A node's entry in the registry ({@code edgeflow.nodes}, compacted, key = node name): its health
 * and what its latest heartbeat reported. Flat fields only, so Flink serializes it as a POJO.
 *
 * @param rttMillis round trip of its best up link, or {@link #UNKNOWN_RTT_MILLIS}
 * @param bandwidthMbps bandwidth of that link, or {@link #UNKNOWN_BANDWIDTH_MBPS}
 */
public record NodeStatus(
        String nodeId,
        HealthState health,
        long lastHeartbeatMillis,
        long stateSinceMillis,
        float cpuLoad,
        long memoryTotalBytes,
        float batteryFraction,
        double rttMillis,
        double bandwidthMbps) {

    public static final double UNKNOWN_RTT_MILLIS = 50;
    public static final double UNKNOWN_BANDWIDTH_MBPS = 10;

    static NodeStatus of(Heartbeat hb, NodeHealth health) {
        LinkStats best =
                hb.links().stream()
                        .filter(LinkStats::up)
                        .min(Comparator.comparingDouble(LinkStats::rttMillis))
                        .orElse(null);
        return new NodeStatus(
                hb.nodeName(),
                health.state(),
                health.lastHeartbeatMillis(),
                health.stateSinceMillis(),
                hb.cpuLoad(),
                hb.memoryTotalBytes(),
                hb.batteryFraction(),
                best == null ? UNKNOWN_RTT_MILLIS : best.rttMillis(),
                best == null || best.bandwidthBitsPerSecond() <= 0
                        ? UNKNOWN_BANDWIDTH_MBPS
                        : best.bandwidthBitsPerSecond() / 1e6);
    }

    NodeStatus withHealth(NodeHealth h) {
        return new NodeStatus(
                nodeId,
                h.state(),
                h.lastHeartbeatMillis(),
                h.stateSinceMillis(),
                cpuLoad,
                memoryTotalBytes,
                batteryFraction,
                rttMillis,
                bandwidthMbps);
    }

    /**
     * What the router sees of this node. Heartbeats carry no spec (cores, GPUs, capabilities, power
     * model), so those come from {@code spec} until a node spec topic exists.
     */
    NodeSnapshot toSnapshot(NodeSpecDefaults spec) {
        return new NodeSnapshot(
                nodeId,
                NodeType.COMPUTE,
                Set.of(),
                spec.cpuCores(),
                memoryTotalBytes / (1024 * 1024),
                0,
                spec.speedFactor(),
                rttMillis,
                bandwidthMbps,
                batteryFraction == Heartbeat.NO_BATTERY
                        ? NodeSnapshot.MAINS_POWERED
                        : batteryFraction,
                spec.idleWatts(),
                spec.activeWattsPerCore(),
                health,
                0,
                0);
    }
}
