package io.edgeflow.agent.outbox;

import java.util.Locale;

/**
 * How a stream of frames travels: each class has its own outbox lane, Kafka codec and channel
 * choice. When the outbox is full and the policy drops, the lowest {@code priority} goes first.
 */
public enum MessageClass {
    /** Health and control (heartbeats): any live channel, never dropped before the others. */
    CONTROL(2),
    /** Live telemetry a controller acts on: over the fastest channel. */
    LATENCY(1),
    /** Backfill and bulk sensor data: over the cheapest channel, dropped first. */
    BULK(0);

    private final int priority;

    MessageClass(int priority) {
        this.priority = priority;
    }

    public int priority() {
        return priority;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static MessageClass parse(String text) {
        for (MessageClass c : values()) {
            if (c.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "unknown message class '" + text + "': expected control, latency or bulk");
    }
}
