package io.edgeflow.inference.batching;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;

/**
 * How a {@link DynamicBatcher} forms batches, after Triton's dynamic batcher: a batch closes when
 * it reaches the largest preferred size (or {@code maxBatchSize}), when its oldest request has
 * waited {@code maxQueueDelay}, or when waiting longer would miss a request's deadline. With more
 * requests queued than the largest batch, it takes the largest preferred size that fits.
 *
 * @param preferredBatchSizes ascending sizes the engine runs best at (may be empty)
 * @param queueCapacity requests queued before {@code submit} blocks (backpressure)
 * @param order whether results complete in submission order or as soon as their batch is done
 */
public record BatchPolicy(
        int maxBatchSize,
        Duration maxQueueDelay,
        int[] preferredBatchSizes,
        int queueCapacity,
        ResultOrder order)
        implements Serializable {

    public enum ResultOrder {
        /** Each result completes as soon as its batch is done. */
        UNORDERED,
        /** A result completes only after every earlier submission's result. */
        SUBMISSION
    }

    public BatchPolicy {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1");
        }
        if (maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException("maxQueueDelay must be >= 0");
        }
        preferredBatchSizes = preferredBatchSizes.clone();
        Arrays.sort(preferredBatchSizes);
        for (int p : preferredBatchSizes) {
            if (p < 1 || p > maxBatchSize) {
                throw new IllegalArgumentException(
                        "preferred size " + p + " outside 1.." + maxBatchSize);
            }
        }
        if (queueCapacity < maxBatchSize) {
            throw new IllegalArgumentException("queueCapacity must be >= maxBatchSize");
        }
    }

    public static BatchPolicy of(int maxBatchSize, Duration maxQueueDelay) {
        return new BatchPolicy(
                maxBatchSize,
                maxQueueDelay,
                new int[0],
                Math.max(4 * maxBatchSize, 64),
                ResultOrder.UNORDERED);
    }

    public BatchPolicy withPreferred(int... sizes) {
        return new BatchPolicy(maxBatchSize, maxQueueDelay, sizes, queueCapacity, order);
    }

    public BatchPolicy withQueueCapacity(int capacity) {
        return new BatchPolicy(maxBatchSize, maxQueueDelay, preferredBatchSizes, capacity, order);
    }

    public BatchPolicy withOrder(ResultOrder resultOrder) {
        return new BatchPolicy(
                maxBatchSize, maxQueueDelay, preferredBatchSizes, queueCapacity, resultOrder);
    }

    /** The size at which a batch closes without waiting for the delay. */
    int fullSize() {
        return preferredBatchSizes.length == 0
                ? maxBatchSize
                : preferredBatchSizes[preferredBatchSizes.length - 1];
    }

    /** How many of {@code queued} requests to take now. */
    int sizeToTake(int queued) {
        int upTo = Math.min(queued, maxBatchSize);
        for (int i = preferredBatchSizes.length - 1; i >= 0; i--) {
            if (preferredBatchSizes[i] <= upTo) {
                return preferredBatchSizes[i];
            }
        }
        return upTo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchPolicy p
                && maxBatchSize == p.maxBatchSize
                && maxQueueDelay.equals(p.maxQueueDelay)
                && Arrays.equals(preferredBatchSizes, p.preferredBatchSizes)
                && queueCapacity == p.queueCapacity
                && order == p.order;
    }

    @Override
    public int hashCode() {
        return 31 * maxBatchSize + Arrays.hashCode(preferredBatchSizes);
    }
}
