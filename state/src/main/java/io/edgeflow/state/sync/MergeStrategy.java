package io.edgeflow.state.sync;

/**
 * How a key's concurrent updates are resolved; declared per key in a {@link MergeStrategyRegistry}.
 */
public sealed interface MergeStrategy {

    String name();

    /**
     * One value: the update with the newest HLC stamp wins; concurrent older ones are superseded.
     */
    record LastWriterWins() implements MergeStrategy {
        @Override
        public String name() {
            return "lww";
        }
    }

    /**
     * Concurrent updates are all kept as siblings for the reader to resolve; the state shows the
     * {@code maxSiblings} newest, the older ones are superseded by the bound. Updates that a later
     * one has seen are always superseded.
     */
    record MultiValue(int maxSiblings) implements MergeStrategy {
        public MultiValue {
            if (maxSiblings < 1) {
                throw new IllegalArgumentException("maxSiblings must be >= 1");
            }
        }

        @Override
        public String name() {
            return "multi-value(" + maxSiblings + ")";
        }
    }

    /** The value is a registered rule applied to the concurrent siblings. */
    record Custom(String name, SiblingResolver resolver) implements MergeStrategy {}

    /** Updates carry a CRDT state and are merged by its join. */
    record CrdtMerge(CrdtType type) implements MergeStrategy {
        @Override
        public String name() {
            return "crdt-" + type.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
