package io.edgeflow.agent.source;

import io.edgeflow.agent.channel.ChannelConfig;
import io.edgeflow.agent.channel.DeliveryLane.BatchLimits;
import io.edgeflow.agent.channel.ProbePolicy;
import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.OutboxConfig;
import io.edgeflow.agent.outbox.OutboxConfig.FullPolicy;
import io.edgeflow.agent.outbox.OutboxConfig.SyncPolicy;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agent's configuration, read from a Java properties file (format and every key in
 * docs/edge-agent.md). Unknown keys are errors, so a typo never silently falls back to a default.
 */
public record AgentConfig(
        String node,
        String topic,
        List<String> nodes,
        int maxPayloadBytes,
        OutboxConfig outbox,
        List<ChannelConfig> channels,
        ProbePolicy probe,
        BatchLimits batch,
        Map<MessageClass, String> compression,
        Set<MessageClass> encrypted,
        Path keyFile,
        Duration heartbeatInterval,
        List<SourceConfig> sources) {

    /** One configured source. */
    public record SourceConfig(
            String kind,
            MessageClass messageClass,
            String bind,
            int port,
            Map<String, String> options) {}

    private static final Pattern CHANNEL =
            Pattern.compile(
                    "channel\\.([A-Za-z0-9_-]+)\\.(bootstrap|cost\\.per\\.mb|kafka\\.(.+))");
    private static final Pattern CLASS =
            Pattern.compile("class\\.(control|latency|bulk)\\.(compression|encrypt)");
    private static final Pattern SOURCE = Pattern.compile("source\\.(tcp|udp|stdin|replay)\\.(.+)");
    private static final Set<String> PLAIN_KEYS =
            Set.of(
                    "topic",
                    "nodes",
                    "max.payload.bytes",
                    "outbox.dir",
                    "outbox.max.bytes",
                    "outbox.max.age.s",
                    "outbox.full.policy",
                    "outbox.block.timeout.ms",
                    "outbox.fsync",
                    "probe.interval.ms",
                    "probe.timeout.ms",
                    "probe.down.after",
                    "probe.up.after",
                    "batch.max.frames",
                    "batch.max.bytes",
                    "crypto.keys",
                    "heartbeat.interval.ms");
    private static final Set<String> KAFKA_CODECS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public static AgentConfig load(String node, Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> map = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            map.put(k, p.getProperty(k).strip());
        }
        Path base = file.toAbsolutePath().getParent();
        try {
            return parse(node, map, base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param base the directory relative paths are resolved against
     * @throws IllegalArgumentException naming the key that is wrong
     */
    public static AgentConfig parse(String node, Map<String, String> p, Path base) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("the agent needs a node name");
        }
        Map<String, ChannelBuilder> channels = new LinkedHashMap<>();
        Map<MessageClass, String> compression = new EnumMap<>(MessageClass.class);
        compression.put(MessageClass.CONTROL, "none");
        compression.put(MessageClass.LATENCY, "lz4");
        compression.put(MessageClass.BULK, "zstd");
        Map<MessageClass, Boolean> encrypt = new EnumMap<>(MessageClass.class);
        Map<String, Map<String, String>> sourceOptions = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.keySet())) {
            String value = p.get(key);
            Matcher m;
            if (PLAIN_KEYS.contains(key)) {
                continue;
            } else if ((m = CHANNEL.matcher(key)).matches()) {
                ChannelBuilder c = channels.computeIfAbsent(m.group(1), ChannelBuilder::new);
                if (m.group(3) != null) {
                    // key and trust stores may be named relative to the config file, like the rest
                    c.kafka.put(
                            m.group(3),
                            m.group(3).matches("ssl\\.(key|trust)store\\.location")
                                    ? base.resolve(value).toString()
                                    : value);
                } else if (m.group(2).equals("bootstrap")) {
                    c.bootstrap = value;
                } else {
                    c.cost = number(key, value);
                }
            } else if ((m = CLASS.matcher(key)).matches()) {
                MessageClass c = MessageClass.parse(m.group(1));
                if (m.group(2).equals("compression")) {
                    if (!KAFKA_CODECS.contains(value)) {
                        throw new IllegalArgumentException(
                                key + "=" + value + ": expected one of " + KAFKA_CODECS);
                    }
                    compression.put(c, value);
                } else {
                    encrypt.put(c, bool(key, value));
                }
            } else if ((m = SOURCE.matcher(key)).matches()) {
                sourceOptions
                        .computeIfAbsent(m.group(1), k -> new HashMap<>())
                        .put(m.group(2), value);
            } else {
                throw new IllegalArgumentException("unknown key '" + key + "'");
            }
        }
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("no channel: set channel.NAME.bootstrap=HOST:PORT");
        }
        List<ChannelConfig> channelConfigs = new ArrayList<>();
        for (ChannelBuilder c : channels.values()) {
            if (c.bootstrap == null) {
                throw new IllegalArgumentException("channel." + c.name + ".bootstrap is missing");
            }
            channelConfigs.add(new ChannelConfig(c.name, c.bootstrap, c.cost, c.kafka));
        }
        String outboxDir = p.get("outbox.dir");
        if (outboxDir == null) {
            throw new IllegalArgumentException("outbox.dir is missing");
        }
        OutboxConfig outbox =
                new OutboxConfig(
                        base.resolve(outboxDir),
                        (long)
                                number(
                                        "outbox.max.bytes",
                                        p.getOrDefault(
                                                "outbox.max.bytes", String.valueOf(1L << 30))),
                        Duration.ofSeconds(
                                (long)
                                        number(
                                                "outbox.max.age.s",
                                                p.getOrDefault("outbox.max.age.s", "604800"))),
                        switch (p.getOrDefault("outbox.full.policy", "drop-oldest")) {
                            case "drop-oldest" -> FullPolicy.DROP_OLDEST;
                            case "block" -> FullPolicy.BLOCK;
                            default ->
                                    throw new IllegalArgumentException(
                                            "outbox.full.policy="
                                                    + p.get("outbox.full.policy")
                                                    + ": expected drop-oldest or block");
                        },
                        Duration.ofMillis(
                                (long)
                                        number(
                                                "outbox.block.timeout.ms",
                                                p.getOrDefault(
                                                        "outbox.block.timeout.ms", "10000"))),
                        switch (p.getOrDefault("outbox.fsync", "batch")) {
                            case "batch" -> SyncPolicy.BATCH;
                            case "none" -> SyncPolicy.NONE;
                            default ->
                                    throw new IllegalArgumentException(
                                            "outbox.fsync="
                                                    + p.get("outbox.fsync")
                                                    + ": expected batch or none");
                        });
        ProbePolicy d = ProbePolicy.DEFAULT;
        ProbePolicy probe =
                new ProbePolicy(
                        Duration.ofMillis(
                                integer(p, "probe.interval.ms", (int) d.interval().toMillis())),
                        Duration.ofMillis(
                                integer(p, "probe.timeout.ms", (int) d.timeout().toMillis())),
                        integer(p, "probe.down.after", d.downAfter()),
                        integer(p, "probe.up.after", d.upAfter()));
        BatchLimits batch =
                new BatchLimits(
                        integer(p, "batch.max.frames", BatchLimits.DEFAULT.maxFrames()),
                        (long)
                                number(
                                        "batch.max.bytes",
                                        p.getOrDefault(
                                                "batch.max.bytes",
                                                String.valueOf(BatchLimits.DEFAULT.maxBytes()))));
        Path keyFile = p.containsKey("crypto.keys") ? base.resolve(p.get("crypto.keys")) : null;
        Set<MessageClass> encrypted = new LinkedHashSet<>();
        for (MessageClass c : MessageClass.values()) {
            if (encrypt.getOrDefault(c, keyFile != null)) {
                encrypted.add(c);
            }
        }
        if (!encrypted.isEmpty() && keyFile == null) {
            throw new IllegalArgumentException(
                    "class encryption is on for " + encrypted + " but crypto.keys is not set");
        }
        List<SourceConfig> sources = new ArrayList<>();
        Set<String> nodes = new LinkedHashSet<>();
        nodes.add(node);
        if (p.containsKey("nodes")) {
            for (String n : p.get("nodes").split(",")) {
                if (!n.isBlank()) {
                    nodes.add(n.strip());
                }
            }
        }
        for (Map.Entry<String, Map<String, String>> s : sourceOptions.entrySet()) {
            Map<String, String> o = new HashMap<>(s.getValue());
            String where = "source." + s.getKey();
            MessageClass c = MessageClass.parse(o.getOrDefault("class", "latency"));
            o.remove("class");
            String bind = o.getOrDefault("bind", "127.0.0.1");
            o.remove("bind");
            int port = o.containsKey("port") ? (int) number(where + ".port", o.remove("port")) : -1;
            Set<String> allowed =
                    switch (s.getKey()) {
                        case "tcp", "udp", "stdin" -> Set.of();
                        default -> Set.of("log", "robots", "prefix", "speed");
                    };
            for (String k : o.keySet()) {
                if (!allowed.contains(k)) {
                    throw new IllegalArgumentException("unknown key '" + where + "." + k + "'");
                }
            }
            if ((s.getKey().equals("tcp") || s.getKey().equals("udp")) && port < 0) {
                throw new IllegalArgumentException(
                        where + ".port is missing (0 picks a free port)");
            }
            if (s.getKey().equals("replay")) {
                if (!o.containsKey("log")) {
                    throw new IllegalArgumentException(where + ".log is missing");
                }
                o.put("log", base.resolve(o.get("log")).toString());
                int robots = (int) number(where + ".robots", o.getOrDefault("robots", "1"));
                nodes.addAll(ReplaySource.robotNames(o.getOrDefault("prefix", "robot-"), robots));
            }
            sources.add(new SourceConfig(s.getKey(), c, bind, port, Map.copyOf(o)));
        }
        return new AgentConfig(
                node,
                p.getOrDefault("topic", Topics.FRAMES),
                List.copyOf(nodes),
                integer(p, "max.payload.bytes", FrameCodec.DEFAULT_MAX_PAYLOAD_BYTES),
                outbox,
                List.copyOf(channelConfigs),
                probe,
                batch,
                Map.copyOf(compression),
                Set.copyOf(encrypted),
                keyFile,
                Duration.ofMillis(integer(p, "heartbeat.interval.ms", 1000)),
                List.copyOf(sources));
    }

    private static final class ChannelBuilder {
        final String name;
        String bootstrap;
        double cost;
        final Map<String, String> kafka = new HashMap<>();

        ChannelBuilder(String name) {
            this.name = name;
        }
    }

    private static int integer(Map<String, String> p, String key, int dflt) {
        return p.containsKey(key) ? (int) number(key, p.get(key)) : dflt;
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + ": not a number");
        }
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw new IllegalArgumentException(
                            key + "=" + value + ": expected true or false");
        };
    }
}
