package io.edgeflow.protocol;

/**
 * One uplink as a node measures it: round-trip time, usable bandwidth and loss fraction over the
 * last heartbeat interval.
 */
public record LinkStats(
        String name,
        boolean up,
        float rttMillis,
        double bandwidthBitsPerSecond,
        float lossFraction) {

    String invalidReason() {
        if (name.isEmpty()) {
            return "link name is empty";
        }
        if (!Float.isFinite(rttMillis) || rttMillis < 0) {
            return "link " + name + ": rtt must be finite and >= 0";
        }
        if (!Double.isFinite(bandwidthBitsPerSecond) || bandwidthBitsPerSecond < 0) {
            return "link " + name + ": bandwidth must be finite and >= 0";
        }
        if (!(lossFraction >= 0 && lossFraction <= 1)) {
            return "link " + name + ": loss must be in [0, 1]";
        }
        return null;
    }
}
