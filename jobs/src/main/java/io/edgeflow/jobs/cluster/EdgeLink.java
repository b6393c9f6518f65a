package io.edgeflow.jobs.cluster;

import io.edgeflow.agent.channel.LinkEmulator;
import io.edgeflow.agent.channel.LinkProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;

/**
 * The emulated uplink of an edge node, run inside the node's network namespace: {@code EdgeLink
 * PROFILE PORT UPSTREAM_HOST UPSTREAM_PORT REPORT_FILE}. A LinkEmulator on the namespace's
 * 127.0.0.1:PORT forwards to the broker in the root namespace with the profile's delay, jitter and
 * loss (the veth's token bucket caps the bandwidth), so the TaskManager beside it, which dials the
 * broker's advertised 127.0.0.1:PORT, crosses the link. Every {@value #PROBE_SECONDS} s a LinkProbe
 * measures round trip and uplink through that same path and REPORT_FILE gets the figures, which
 * {@code cluster status} prints.
 */
public final class EdgeLink {
    static final int PROBE_SECONDS = 10;
    static final int PROBE_ROUNDS = 5;
    static final int PROBE_BURST_REQUESTS = 16;

    private EdgeLink() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println(
                    "usage: EdgeLink PROFILE PORT UPSTREAM_HOST UPSTREAM_PORT REPORT_FILE");
            System.exit(2);
        }
        LinkProfile profile = LinkProfile.named(args[0]);
        int port = Integer.parseInt(args[1]);
        Path report = Path.of(args[4]);
        try (LinkEmulator link =
                profile.applyTo(new LinkEmulator(port, args[2], Integer.parseInt(args[3])))) {
            System.out.println("READY " + profile.name() + " " + link.address());
            System.out.flush();
            LinkProbe probe = new LinkProbe("127.0.0.1", port);
            while (true) {
                String line;
                try {
                    LinkProbe.Measurement m = probe.measure(PROBE_ROUNDS, PROBE_BURST_REQUESTS);
                    line =
                            String.format(
                                    Locale.ROOT,
                                    "profile=%s%nrtt_ms_median=%.1f%nrtt_ms_min=%.1f%nrtt_ms_max=%.1f%n"
                                            + "uplink_mbit=%.2f%nmeasured_at=%s%n",
                                    profile.name(),
                                    m.rttMedianMillis(),
                                    m.rttMinMillis(),
                                    m.rttMillis()[m.rttMillis().length - 1],
                                    m.uplinkBitsPerSecond() / 1e6,
                                    Instant.now());
                } catch (IOException e) {
                    // A cut link: say so instead of keeping the last good figures.
                    line =
                            String.format(
                                    "profile=%s%nerror=%s%nmeasured_at=%s%n",
                                    profile.name(), e.toString().replace('\n', ' '), Instant.now());
                }
                Path tmp = report.resolveSibling(report.getFileName() + ".tmp");
                Files.writeString(tmp, line);
                Files.move(
                        tmp,
                        report,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(PROBE_SECONDS * 1000L);
            }
        }
    }
}
