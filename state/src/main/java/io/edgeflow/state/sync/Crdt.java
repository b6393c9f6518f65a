package io.edgeflow.state.sync;

/**
 * A state-based CRDT: {@link #merge} is commutative, associative and idempotent, so replicas that
 * have merged the same states in any order, any number of times, are equal. Equal states encode to
 * equal bytes.
 */
public interface Crdt<T extends Crdt<T>> {

    T merge(T other);

    byte[] toBytes();
}
