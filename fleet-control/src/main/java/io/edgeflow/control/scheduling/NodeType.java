package io.edgeflow.control.scheduling;

/** The role a node plays in the fleet, as its spec declares it. */
public enum NodeType {
    COMPUTE,
    STORAGE,
    SENSOR,
    GATEWAY
}
