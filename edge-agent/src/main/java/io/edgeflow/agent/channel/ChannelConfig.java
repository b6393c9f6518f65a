package io.edgeflow.agent.channel;

import java.util.Map;

/**
 * One uplink as configured: where its Kafka bootstrap servers are reached over this link (a
 * satellite modem, a cellular proxy...), what a megabyte costs on it, and the Kafka client settings
 * of this link (TLS, SASL: {@code security.protocol}, {@code ssl.*}, {@code sasl.*}).
 */
public record ChannelConfig(
        String name, String bootstrapServers, double costPerMegabyte, Map<String, String> kafka) {
    public ChannelConfig {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a channel needs a name");
        }
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("channel " + name + " has no bootstrap servers");
        }
        if (!(costPerMegabyte >= 0)) {
            throw new IllegalArgumentException(
                    "channel " + name + ": cost per MB must be >= 0, was " + costPerMegabyte);
        }
        kafka = Map.copyOf(kafka);
    }
}
