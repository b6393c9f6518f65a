package io.edgeflow.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.OutboxConfig.FullPolicy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    static final Path BASE = Path.of("/etc/edgeflow");

    static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("outbox.dir", "outbox");
        m.put("channel.terrestrial.bootstrap", "kafka:9093");
        return m;
    }

    @Test
    void channelsClassesSourcesAndTlsSettingsAreRead() {
        Map<String, String> m = minimal();
        m.put("channel.terrestrial.kafka.security.protocol", "SASL_SSL");
        m.put("channel.satellite.bootstrap", "sat:9093");
        m.put("channel.satellite.cost.per.mb", "2.5");
        m.put("class.bulk.compression", "gzip");
        m.put("outbox.full.policy", "block");
        m.put("source.replay.log", "logs/aces.clf.bz2");
        m.put("source.replay.robots", "3");
        m.put("source.tcp.port", "7070");
        AgentConfig c = AgentConfig.parse("gw-1", m, BASE);
        assertThat(c.outbox().dir()).isEqualTo(Path.of("/etc/edgeflow/outbox"));
        assertThat(c.outbox().fullPolicy()).isEqualTo(FullPolicy.BLOCK);
        assertThat(c.channels()).hasSize(2);
        assertThat(
                        c.channels().stream()
                                .filter(ch -> ch.name().equals("terrestrial"))
                                .findFirst()
                                .orElseThrow()
                                .kafka())
                .containsEntry("security.protocol", "SASL_SSL");
        m.put("channel.terrestrial.kafka.ssl.truststore.location", "tls/truststore.p12");
        m.put("channel.satellite.kafka.ssl.truststore.location", "/var/lib/ca.p12");
        assertThat(AgentConfig.parse("gw-1", m, BASE).channels())
                .extracting(ch -> ch.kafka().get("ssl.truststore.location"))
                .as("trust stores are found relative to the config file")
                .containsExactlyInAnyOrder("/etc/edgeflow/tls/truststore.p12", "/var/lib/ca.p12");
        assertThat(c.compression())
                .containsEntry(MessageClass.BULK, "gzip")
                .containsEntry(MessageClass.LATENCY, "lz4");
        assertThat(c.nodes()).containsExactly("gw-1", "robot-1", "robot-2", "robot-3");
        assertThat(c.encrypted()).isEmpty();
        assertThat(c.sources())
                .extracting(AgentConfig.SourceConfig::kind)
                .containsExactlyInAnyOrder("replay", "tcp");
    }

    @Test
    void typosAndBadValuesAreNamedInTheError() {
        Map<String, String> typo = minimal();
        typo.put("outbox.max.byte", "100");
        assertThatThrownBy(() -> AgentConfig.parse("gw-1", typo, BASE))
                .hasMessageContaining("unknown key 'outbox.max.byte'");
        Map<String, String> policy = minimal();
        policy.put("outbox.full.policy", "drop-newest");
        assertThatThrownBy(() -> AgentConfig.parse("gw-1", policy, BASE))
                .hasMessageContaining("outbox.full.policy=drop-newest");
        Map<String, String> codec = minimal();
        codec.put("class.latency.compression", "brotli");
        assertThatThrownBy(() -> AgentConfig.parse("gw-1", codec, BASE))
                .hasMessageContaining("brotli");
        Map<String, String> noChannel = new HashMap<>(Map.of("outbox.dir", "x"));
        assertThatThrownBy(() -> AgentConfig.parse("gw-1", noChannel, BASE))
                .hasMessageContaining("no channel");
        Map<String, String> encrypt = minimal();
        encrypt.put("class.latency.encrypt", "true");
        assertThatThrownBy(() -> AgentConfig.parse("gw-1", encrypt, BASE))
                .hasMessageContaining("crypto.keys");
        Map<String, String> owned = minimal();
        owned.put("channel.terrestrial.kafka.acks", "1");
        owned.put("channel.terrestrial.kafka.linger.ms", "20");
        assertThatThrownBy(() -> AgentConfig.parse("gw-1", owned, BASE))
                .hasMessageContaining("channel terrestrial may not set Kafka [acks]");
        Map<String, String> tcp = minimal();
        tcp.put("source.tcp.class", "latency");
        assertThatThrownBy(() -> AgentConfig.parse("gw-1", tcp, BASE))
                .hasMessageContaining("source.tcp.port");
    }
}
