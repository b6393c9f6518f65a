package io.edgeflow.control.health;

/** A change of a node's health, published as an event. */
public record HealthTransition(
        String nodeId, HealthState from, HealthState to, long atMillis, String reason) {}
