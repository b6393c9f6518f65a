package io.edgeflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeflow.agent.channel.LinkEmulator;
import io.edgeflow.agent.channel.LinkProfile;
import io.edgeflow.kafka.KraftBroker;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link probe against a real broker, directly and through a LinkEmulator set to a link profile:
 * its round trips carry the profile's delay, its requests are answered in order.
 */
class LinkProbeTest {
    @TempDir static Path work;
    static KraftBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = KraftBroker.start(work, 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static int brokerPort() {
        String b = broker.bootstrapServers();
        return Integer.parseInt(b.substring(b.lastIndexOf(':') + 1));
    }

    @Test
    void aSatelliteLinkAddsItsRoundTripToEveryKafkaRequest() throws IOException {
        try (LinkEmulator satellite =
                LinkProfile.SATELLITE.applyTo(new LinkEmulator("127.0.0.1", brokerPort()))) {
            LinkProbe.Measurement m = new LinkProbe("127.0.0.1", satellite.port()).measure(3, 4);
            assertThat(m.rttMillis()).hasSize(3).isSorted();
            // Each direction is held at least the one-way delay; jitter and loss only add.
            assertThat(m.rttMinMillis())
                    .isGreaterThanOrEqualTo(LinkProfile.SATELLITE.baseRtt().toMillis());
            assertThat(m.uplinkBitsPerSecond()).isPositive();
        }
    }

    @Test
    void theBrokerAnswersEveryPipelinedPaddedRequest() throws IOException {
        LinkProbe.Measurement m = new LinkProbe("127.0.0.1", brokerPort()).measure(5, 16);
        assertThat(m.rttMillis()).hasSize(5);
        assertThat(m.rttMedianMillis()).isBetween(m.rttMinMillis(), m.rttMillis()[4]);
        assertThat(LinkProbe.request(7, "x"))
                .hasSize(4 + 2 + 2 + 4 + 2 + 1)
                .startsWith(0, 0, 0, 11, 0, 18, 0, 0, 0, 0, 0, 7, 0, 1, 'x');
    }

    @Test
    void aRefusedLinkIsAnErrorNotAFigure() throws IOException {
        try (LinkEmulator refusing = new LinkEmulator("127.0.0.1", brokerPort())) {
            refusing.setMode(LinkEmulator.Mode.REFUSE);
            assertThatThrownBy(() -> new LinkProbe("127.0.0.1", refusing.port()).measure(1, 1))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void profilesByNameAndTheirNetemEquivalent() {
        assertThat(LinkProfile.named("fibre")).isEqualTo(LinkProfile.TERRESTRIAL);
        assertThat(LinkProfile.named("Satellite")).isEqualTo(LinkProfile.SATELLITE);
        assertThat(LinkProfile.SATELLITE.netemArguments())
                .isEqualTo("delay 300ms 20ms loss 1% rate 10000kbit");
        assertThat(LinkProfile.LTE.netemArguments())
                .isEqualTo("delay 40ms 15ms loss 0.5% rate 20000kbit");
        assertThatThrownBy(() -> LinkProfile.named("pigeon")).hasMessageContaining("terrestrial");
    }
}
