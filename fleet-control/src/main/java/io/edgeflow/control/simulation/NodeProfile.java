package io.edgeflow.control.simulation;

import io.edgeflow.control.scheduling.NodeType;
import java.util.List;
import java.util.Set;

/**
 * A kind of node in the simulated fleet. The four profiles differ on purpose along the axes the
 * policies trade: speed, link, energy per unit of work, and whether a battery is at stake.
 *
 * @param share fraction of the fleet with this profile
 * @param batteryJoules battery capacity, 0 for mains power
 */
public record NodeProfile(
        String name,
        NodeType type,
        double share,
        Set<String> capabilities,
        int cpuCores,
        long memoryMb,
        int gpus,
        double speedFactor,
        double rttMillis,
        double bandwidthMbps,
        double batteryJoules,
        double idleWatts,
        double activeWattsPerCore) {

    /**
     * The default fleet. Joules per reference second of work (active W per core / speed): robot
     * 7.1, sensor 3.3, gateway 6, edge server 10; robots and sensors run on small batteries.
     */
    public static final List<NodeProfile> DEFAULT_FLEET =
            List.of(
                    new NodeProfile(
                            "robot",
                            NodeType.SENSOR,
                            0.40,
                            Set.of("camera", "lidar"),
                            4,
                            4_096,
                            0,
                            0.7,
                            4,
                            50,
                            20_000,
                            6,
                            5),
                    new NodeProfile(
                            "sensor",
                            NodeType.SENSOR,
                            0.25,
                            Set.of("camera"),
                            1,
                            512,
                            0,
                            0.3,
                            8,
                            5,
                            5_000,
                            0.5,
                            1),
                    new NodeProfile(
                            "gateway",
                            NodeType.GATEWAY,
                            0.25,
                            Set.of(),
                            8,
                            16_384,
                            0,
                            1.0,
                            12,
                            200,
                            0,
                            20,
                            6),
                    new NodeProfile(
                            "edge-server",
                            NodeType.COMPUTE,
                            0.10,
                            Set.of("gpu"),
                            16,
                            65_536,
                            1,
                            2.5,
                            30,
                            1_000,
                            0,
                            60,
                            25));

    public boolean onBattery() {
        return batteryJoules > 0;
    }
}
