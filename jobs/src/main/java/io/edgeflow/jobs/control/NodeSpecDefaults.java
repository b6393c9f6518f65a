package io.edgeflow.jobs.control;

import java.io.Serializable;

/** The node spec the router assumes for every node, since heartbeats carry no spec. */
public record NodeSpecDefaults(
        int cpuCores, double speedFactor, double idleWatts, double activeWattsPerCore)
        implements Serializable {

    public static NodeSpecDefaults standard() {
        return new NodeSpecDefaults(4, 1.0, 5.0, 3.0);
    }
}
