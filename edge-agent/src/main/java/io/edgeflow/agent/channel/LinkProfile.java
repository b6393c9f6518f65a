package io.edgeflow.agent.channel;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How an edge node's uplink behaves: one-way delay with jitter, loss and bandwidth. On an emulated
 * edge host the bandwidth is the veth link's token bucket ({@link NetworkNamespace#limitBandwidth})
 * and the rest is a {@link LinkEmulator} on the TCP path ({@link #applyTo}); on a real host all of
 * it is one {@code tc netem} qdisc.
 */
public record LinkProfile(
        String name, Duration oneWayDelay, Duration jitter, double loss, long bitsPerSecond) {

    /** A terrestrial fibre path between sites: a few ms, practically lossless, 1 Gbit/s. */
    public static final LinkProfile TERRESTRIAL =
            new LinkProfile(
                    "terrestrial", Duration.ofMillis(5), Duration.ofMillis(1), 0, 1_000_000_000L);

    /** An LTE uplink: tens of ms with large jitter, some loss, 20 Mbit/s. */
    public static final LinkProfile LTE =
            new LinkProfile(
                    "lte", Duration.ofMillis(40), Duration.ofMillis(15), 0.005, 20_000_000L);

    /** A geostationary satellite link: 300 ms each way (600 ms RTT), 1 % loss, 10 Mbit/s. */
    public static final LinkProfile SATELLITE =
            new LinkProfile(
                    "satellite", Duration.ofMillis(300), Duration.ofMillis(20), 0.01, 10_000_000L);

    public LinkProfile {
        if (!(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1), was " + loss);
        }
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("bitsPerSecond must be > 0, was " + bitsPerSecond);
        }
        if (oneWayDelay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("delay and jitter must be >= 0");
        }
    }

    public static List<LinkProfile> all() {
        return List.of(TERRESTRIAL, LTE, SATELLITE);
    }

    /** A profile by name; {@code fibre} is another name for {@code terrestrial}. */
    public static LinkProfile named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("fibre") || n.equals("fiber")) {
            return TERRESTRIAL;
        }
        return all().stream()
                .filter(p -> p.name().equals(n))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown link profile '"
                                                + name
                                                + "'; known: "
                                                + all().stream().map(LinkProfile::name).toList()));
    }

    /** Round-trip time without jitter or loss: twice the one-way delay. */
    public Duration baseRtt() {
        return oneWayDelay.multipliedBy(2);
    }

    /** Sets the emulator's delay, jitter and loss to this profile's (bandwidth is the link's). */
    public LinkEmulator applyTo(LinkEmulator emulator) {
        return emulator.latency(oneWayDelay.toMillis(), jitter.toMillis()).loss(loss);
    }

    /** The equivalent {@code tc netem} arguments for a real host's interface. */
    public String netemArguments() {
        return String.format(
                Locale.ROOT,
                "delay %dms %dms loss %s%% rate %dkbit",
                oneWayDelay.toMillis(),
                jitter.toMillis(),
                java.math.BigDecimal.valueOf(loss * 100).stripTrailingZeros().toPlainString(),
                bitsPerSecond / 1000);
    }
}
