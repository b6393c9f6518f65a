package io.edgeflow.control.scheduling;

/** How much a task matters; CRITICAL tasks may use nodes that policies otherwise spare. */
public enum PriorityClass {
    CRITICAL,
    NORMAL,
    BATCH
}
