package io.edgeflow.control.health;

/**
 * The health state machine's state for one node: small and immutable so it fits keyed state.
 *
 * @param lastHeartbeatMillis event time of the newest heartbeat seen
 * @param stateSinceMillis when the node entered {@code state}
 * @param recoveryStreak consecutive on-time unimpaired heartbeats while DEGRADED
 */
public record NodeHealth(
        String nodeId,
        HealthState state,
        long lastHeartbeatMillis,
        long stateSinceMillis,
        int recoveryStreak) {

    /** A node that registers with a heartbeat is taken as UP straight away. */
    public static NodeHealth firstSeen(String nodeId, long atMillis) {
        return new NodeHealth(nodeId, HealthState.UP, atMillis, atMillis, 0);
    }
}
