package io.edgeflow.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.agent.outbox.MessageClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Channel state from probe outcomes, and which channel each class gets. */
class ChannelSelectorTest {
    static final ProbePolicy POLICY =
            new ProbePolicy(Duration.ofMillis(100), Duration.ofMillis(100), 2, 3);

    // Nothing listens on port 9: these channels are only fed probe outcomes by the test.
    final Channel fiber =
            new Channel(new ChannelConfig("fiber", "127.0.0.1:9", 0.01, Map.of()), POLICY);
    final Channel lte = new Channel(new ChannelConfig("lte", "127.0.0.1:9", 0.5, Map.of()), POLICY);
    final Channel satellite =
            new Channel(new ChannelConfig("satellite", "127.0.0.1:9", 0.001, Map.of()), POLICY);

    @AfterEach
    void close() {
        fiber.close();
        lte.close();
        satellite.close();
    }

    static void probes(Channel c, boolean ok, double rttMillis, int n) {
        for (int i = 0; i < n; i++) {
            c.record(ok, rttMillis);
        }
    }

    @Test
    void aChannelIsUpAfterUpAfterGoodProbesAndDownAfterDownAfterFailures() {
        probes(fiber, true, 5, 2);
        assertThat(fiber.isUp()).isFalse();
        probes(fiber, true, 5, 1);
        assertThat(fiber.isUp()).isTrue();
        probes(fiber, false, 0, 1);
        assertThat(fiber.isUp()).as("one lost probe is not an outage").isTrue();
        probes(fiber, false, 0, 1);
        assertThat(fiber.isUp()).isFalse();
        assertThat(fiber.lossFraction()).isEqualTo(2.0 / 5);
        assertThat(POLICY.detectionTime()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void latencyGoesFastestBulkCheapestControlStaysWhereItIs() {
        probes(fiber, true, 5, 3);
        probes(lte, true, 40, 3);
        probes(satellite, true, 600, 3);
        List<Channel> up = List.of(fiber, lte, satellite);
        assertThat(ChannelSelector.choose(MessageClass.LATENCY, up, null)).contains(fiber);
        assertThat(ChannelSelector.choose(MessageClass.BULK, up, null)).contains(satellite);
        assertThat(ChannelSelector.choose(MessageClass.CONTROL, up, lte)).contains(lte);
        assertThat(ChannelSelector.choose(MessageClass.CONTROL, up, null)).contains(fiber);
        // Failover: fiber gone, the fastest remaining one.
        assertThat(ChannelSelector.choose(MessageClass.LATENCY, List.of(lte, satellite), fiber))
                .contains(lte);
        // Failback once fiber is up again and clearly faster; no flapping over small differences.
        assertThat(ChannelSelector.choose(MessageClass.LATENCY, up, lte)).contains(fiber);
        probes(lte, true, 5.5, 20);
        assertThat(ChannelSelector.choose(MessageClass.LATENCY, up, lte)).contains(lte);
        assertThat(ChannelSelector.choose(MessageClass.LATENCY, List.of(), lte)).isEmpty();
    }
}
