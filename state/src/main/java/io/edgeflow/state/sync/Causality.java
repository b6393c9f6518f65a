package io.edgeflow.state.sync;

/** How two version vectors relate. */
public enum Causality {
    /** The first happened before the second: the second has seen everything the first had. */
    BEFORE,
    AFTER,
    EQUAL,
    /** Neither has seen the other: a conflict, whatever the wall clocks say. */
    CONCURRENT
}
