package io.edgeflow.control.health;

/**
 * Thresholds of the health state machine. The two directions use different thresholds on purpose
 * (hysteresis): one late heartbeat is enough to leave UP, but returning to UP needs a streak of
 * on-time heartbeats, so a node that flaps around the timeout does not thrash between states.
 *
 * @param suspectAfterMillis silence after the last heartbeat that moves UP to DEGRADED
 * @param downAfterMillis silence after the last heartbeat that moves any state to DOWN (the
 *     detection timeout)
 * @param heartbeatsToRecover consecutive on-time, unimpaired heartbeats that move DEGRADED to UP
 * @param onTimeGapMillis the largest gap between two heartbeats that still counts as on time for
 *     the recovery streak
 */
public record HealthPolicy(
        long suspectAfterMillis,
        long downAfterMillis,
        int heartbeatsToRecover,
        long onTimeGapMillis) {

    public HealthPolicy {
        if (suspectAfterMillis <= 0 || downAfterMillis <= suspectAfterMillis) {
            throw new IllegalArgumentException(
                    "need 0 < suspectAfterMillis < downAfterMillis, got "
                            + suspectAfterMillis
                            + ", "
                            + downAfterMillis);
        }
        if (heartbeatsToRecover < 1) {
            throw new IllegalArgumentException("heartbeatsToRecover must be >= 1");
        }
        if (onTimeGapMillis <= 0) {
            throw new IllegalArgumentException("onTimeGapMillis must be > 0");
        }
    }

    /**
     * Thresholds derived from the heartbeat interval: suspect after 2.5 missed intervals, down
     * after 5, recover after 3 heartbeats no more than 1.5 intervals apart.
     */
    public static HealthPolicy forHeartbeatInterval(long intervalMillis) {
        return new HealthPolicy(
                intervalMillis * 5 / 2, intervalMillis * 5, 3, intervalMillis * 3 / 2);
    }
}
