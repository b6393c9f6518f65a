package io.edgeflow.agent.channel;

import java.time.Duration;

/**
 * How channels are probed and when their state flips. A probe is one Kafka metadata round trip over
 * the channel. A channel is declared down after {@code downAfter} failed probes in a row, so a dead
 * link is detected within {@code downAfter × (interval + timeout)}; it is declared up again after
 * {@code upAfter} good probes in a row (hysteresis against flapping).
 */
public record ProbePolicy(Duration interval, Duration timeout, int downAfter, int upAfter) {
    public static final ProbePolicy DEFAULT =
            new ProbePolicy(Duration.ofMillis(500), Duration.ofMillis(1000), 2, 3);

    public ProbePolicy {
        if (downAfter < 1 || upAfter < 1) {
            throw new IllegalArgumentException("downAfter and upAfter must be >= 1");
        }
    }

    /** The longest a dead channel can still be considered up. */
    public Duration detectionTime() {
        return interval.plus(timeout).multipliedBy(downAfter);
    }
}
