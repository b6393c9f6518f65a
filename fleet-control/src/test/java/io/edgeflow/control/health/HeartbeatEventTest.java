package io.edgeflow.control.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.health.HealthEvent.HeartbeatReceived;
import io.edgeflow.protocol.Heartbeat;
import io.edgeflow.protocol.LinkStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatEventTest {

    private static Heartbeat beat(float cpu, float battery, List<LinkStats> links) {
        return new Heartbeat(7, 5_000_000, "robot-1", cpu, 1, 2, battery, 10, links);
    }

    private final LinkStats wifiUp = new LinkStats("wifi", true, 12, 5e7, 0);
    private final LinkStats wifiDown = new LinkStats("wifi", false, 0, 0, 1);

    @Test
    void usesTheNodesTimestampInMillis() {
        assertThat(HeartbeatReceived.of(beat(0.5f, 0.8f, List.of(wifiUp)), 0.05f, 0.95f))
                .isEqualTo(new HeartbeatReceived(5_000, false));
    }

    @Test
    void criticalBatterySaturatedCpuOrNoLinkUpIsAnImpairment() {
        assertThat(
                        HeartbeatReceived.of(beat(0.5f, 0.04f, List.of(wifiUp)), 0.05f, 0.95f)
                                .impaired())
                .isTrue();
        assertThat(
                        HeartbeatReceived.of(beat(0.97f, 0.8f, List.of(wifiUp)), 0.05f, 0.95f)
                                .impaired())
                .isTrue();
        assertThat(
                        HeartbeatReceived.of(beat(0.5f, 0.8f, List.of(wifiDown)), 0.05f, 0.95f)
                                .impaired())
                .isTrue();
        // mains power and no links reported: nothing to judge, not impaired
        assertThat(
                        HeartbeatReceived.of(
                                        beat(0.5f, Heartbeat.NO_BATTERY, List.of()), 0.05f, 0.95f)
                                .impaired())
                .isFalse();
    }
}
