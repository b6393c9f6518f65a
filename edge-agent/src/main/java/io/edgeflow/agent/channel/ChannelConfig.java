package io.edgeflow.agent.channel;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One uplink as configured: where its Kafka bootstrap servers are reached over this link (a
 * satellite modem, a cellular proxy...), what a megabyte costs on it, and the Kafka client settings
 * of this link (TLS, SASL: {@code security.protocol}, {@code ssl.*}, {@code sasl.*}; producer
 * tuning such as {@code linger.ms}).
 */
public record ChannelConfig(
        String name, String bootstrapServers, double costPerMegabyte, Map<String, String> kafka) {

    /**
     * Client settings the agent sets itself: its delivery guarantees (transactions, idempotence,
     * acks=all), the class's codec, and the timeouts that failure detection relies on. A channel
     * that sets one is refused rather than silently overridden.
     */
    public static final Set<String> OWNED_BY_AGENT =
            Set.of(
                    "bootstrap.servers",
                    "transactional.id",
                    "enable.idempotence",
                    "acks",
                    "transaction.timeout.ms",
                    "compression.type",
                    "key.serializer",
                    "value.serializer",
                    "client.id",
                    "max.block.ms",
                    "request.timeout.ms",
                    "delivery.timeout.ms",
                    "default.api.timeout.ms");

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
        Set<String> owned = new TreeSet<>(kafka.keySet());
        owned.retainAll(OWNED_BY_AGENT);
        if (!owned.isEmpty()) {
            throw new IllegalArgumentException(
                    "channel "
                            + name
                            + " may not set Kafka "
                            + owned
                            + ": the agent sets these itself (use channel."
                            + name
                            + ".bootstrap and class.CLASS.compression)");
        }
        kafka = Map.copyOf(kafka);
    }
}
