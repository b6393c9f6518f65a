package io.edgeflow.state.sync;

import java.util.List;

/**
 * A custom conflict rule: the value of a key from its concurrent siblings. It must depend on the
 * set of siblings only (they come oldest stamp first), never on arrival order or a clock, or
 * replicas will not converge.
 */
@FunctionalInterface
public interface SiblingResolver {
    byte[] resolve(List<SyncUpdate> siblingsOldestFirst);
}
