package io.edgeflow.control.health;

/** What the control plane believes about a node. Only UP nodes receive new work. */
public enum HealthState {
    /** Heartbeats arrive on time and report no impairment. */
    UP,
    /** Heartbeats are late or report an impairment, or the node is on probation after DOWN. */
    DEGRADED,
    /** Silent for longer than the detection timeout: its tasks are moved elsewhere. */
    DOWN
}
