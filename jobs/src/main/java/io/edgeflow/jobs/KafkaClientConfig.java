package io.edgeflow.jobs;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka client settings a deployment adds to every source and sink of a job: security (e.g.
 * SASL_SSL with SCRAM, truststores, config providers for secrets) and connection tuning. Keys that
 * decide the jobs' semantics (exactly-once, read_committed, group and transactional ids) stay owned
 * by {@link KafkaEndpoints}; a file that sets one is rejected rather than silently ignored.
 */
public record KafkaClientConfig(Properties properties) {

    static final Set<String> OWNED_BY_ENDPOINTS =
            Set.of(
                    "bootstrap.servers",
                    "group.id",
                    "isolation.level",
                    "enable.auto.commit",
                    "transactional.id",
                    "transaction.timeout.ms",
                    "enable.idempotence",
                    "key.serializer",
                    "value.serializer",
                    "key.deserializer",
                    "value.deserializer");

    private static final List<String> STORE_LOCATIONS =
            List.of("ssl.truststore.location", "ssl.keystore.location");

    public KafkaClientConfig {
        Set<String> owned = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (OWNED_BY_ENDPOINTS.contains(key)) {
                owned.add(key);
            }
        }
        if (!owned.isEmpty()) {
            throw new IllegalArgumentException(
                    "Kafka client config may not set "
                            + owned
                            + ": the job sets these itself (exactly-once sinks, read_committed source)");
        }
        Properties copy = new Properties();
        copy.putAll(properties);
        properties = copy;
    }

    public static KafkaClientConfig none() {
        return new KafkaClientConfig(new Properties());
    }

    /**
     * Reads a Java properties file (as Kafka's own tools take with --command-config). Key and trust
     * store locations may be relative to the file's directory: they are made absolute, since the
     * job's clients run in TaskManagers with another working directory.
     */
    /**
     * A job's {@code --kafka-client-config FILE} option: the file's settings, or none if absent.
     */
    public static KafkaClientConfig fromOption(String file) throws IOException {
        return file == null ? none() : load(Path.of(file));
    }

    public static KafkaClientConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Path dir = file.toAbsolutePath().getParent();
        for (String key : STORE_LOCATIONS) {
            String location = p.getProperty(key);
            if (location != null && !location.isBlank() && !location.startsWith("${")) {
                p.setProperty(key, dir.resolve(location.strip()).toString());
            }
        }
        return new KafkaClientConfig(p);
    }

    @Override
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
