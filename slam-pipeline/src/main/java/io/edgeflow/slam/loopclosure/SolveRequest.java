package io.edgeflow.slam.loopclosure;

/**
 * A pose-graph solve decided when node {@code nodeCount − 1} was added: the graph of the first
 * {@code nodeCount} nodes, {@code submapCount} submaps and {@code constraintCount} constraints (all
 * three only ever grow, so the counts name the snapshot), started from the poses they had then.
 * Those poses do not change until the solution is applied, so a restored engine can rebuild the
 * same problem from its state and solve it again with the same result.
 */
public record SolveRequest(int nodeCount, int submapCount, int constraintCount) {}
