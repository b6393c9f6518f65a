package io.edgeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {
    @TempDir Path dir;

    @Test
    void securitySettingsFromAPropertiesFileReachTheClients() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                        + "sasl.jaas.config=${dir:/etc/edgeflow/kafka-user:sasl.jaas.config}\n");
        KafkaClientConfig config = KafkaClientConfig.load(file);
        assertThat(config.properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config", "${dir:/etc/edgeflow/kafka-user:sasl.jaas.config}");
    }

    @Test
    void aFileThatWouldChangeTheJobsDeliveryGuaranteesIsRejected() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file, "security.protocol=SASL_SSL\nisolation.level=read_uncommitted\ngroup.id=x\n");
        assertThatThrownBy(() -> KafkaClientConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group.id")
                .hasMessageContaining("isolation.level");
    }

    @Test
    void storeLocationsRelativeToTheFileAreMadeAbsolute() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "ssl.truststore.location=tls/truststore.p12\n"
                        + "ssl.keystore.location=/etc/edgeflow/client.p12\n");
        assertThat(KafkaClientConfig.load(file).properties())
                .containsEntry(
                        "ssl.truststore.location",
                        dir.toAbsolutePath().resolve("tls/truststore.p12").toString())
                .containsEntry("ssl.keystore.location", "/etc/edgeflow/client.p12");
    }
}
