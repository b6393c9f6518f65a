package io.edgeflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KraftBrokerTest {

    @Test
    void producesAndConsumesThroughARealBroker(@TempDir Path dir) throws Exception {
        try (KraftBroker broker = KraftBroker.start(dir, 0)) {
            broker.createTopics(List.of(new NewTopic("t", 3, (short) 1)));
            // Creating again is a no-op, not an error.
            broker.createTopics(List.of(new NewTopic("t", 3, (short) 1)));
            try (Admin admin = broker.admin()) {
                assertThat(
                                admin.describeTopics(List.of("t"))
                                        .allTopicNames()
                                        .get()
                                        .get("t")
                                        .partitions())
                        .hasSize(3);
            }

            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<byte[], byte[]> p =
                    new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 10; i++) {
                    p.send(
                                    new ProducerRecord<>(
                                            "t",
                                            ("k" + i).getBytes(StandardCharsets.UTF_8),
                                            ("v" + i).getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
            }
            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "g");
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> c =
                    new KafkaConsumer<>(
                            cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of("t"));
                for (int polls = 0; polls < 100 && values.size() < 10; polls++) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        values.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertThat(values)
                    .containsExactlyInAnyOrder(
                            "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        }
    }

    @Test
    void restartsOnItsFormattedStorage(@TempDir Path dir) throws Exception {
        try (KraftBroker broker = KraftBroker.start(dir, 0)) {
            broker.createTopics(List.of(new NewTopic("kept", 1, (short) 1)));
        }
        try (KraftBroker broker = KraftBroker.start(dir, 0, Map.of())) {
            try (Admin admin = broker.admin()) {
                assertThat(admin.listTopics().names().get()).contains("kept");
            }
        }
    }

    @Test
    void extraListenersAreBoundAndAdvertisedOnTheirHostAndSaslSslLetsItsUsersIn(@TempDir Path dir)
            throws Exception {
        // Linux answers on all of 127/8: 127.0.0.2 stands in for a veth or LAN address.
        try (KraftBroker broker =
                KraftBroker.builder(dir)
                        .externalListener("127.0.0.2")
                        .saslSslListener("127.0.0.2", Map.of("edge", "edge-secret"))
                        .start()) {
            assertThat(broker.externalBootstrapServers()).startsWith("127.0.0.2:");
            assertThat(broker.saslSslBootstrapServers()).startsWith("127.0.0.2:");
            broker.createTopics(List.of(new NewTopic("secure", 1, (short) 1)));

            Properties external = new Properties();
            external.put(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.externalBootstrapServers());
            try (Admin admin = Admin.create(external)) {
                assertThat(admin.describeCluster().nodes().get())
                        .as("clients of the external listener are sent to its host")
                        .extracting(Node::host)
                        .containsExactly("127.0.0.2");
            }

            Properties pp = new Properties();
            pp.putAll(broker.saslSslClientProperties("edge", "edge-secret"));
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslSslBootstrapServers());
            try (KafkaProducer<byte[], byte[]> p =
                    new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                p.send(new ProducerRecord<>("secure", "over tls".getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.externalBootstrapServers());
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> c =
                    new KafkaConsumer<>(
                            cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                TopicPartition tp = new TopicPartition("secure", 0);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                for (int polls = 0; polls < 100 && values.isEmpty(); polls++) {
                    c.poll(Duration.ofMillis(200))
                            .forEach(
                                    r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
            assertThat(values).containsExactly("over tls");
        }
    }
}
