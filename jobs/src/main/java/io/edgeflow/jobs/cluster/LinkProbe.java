package io.edgeflow.jobs.cluster;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Measures a link the way a Kafka client experiences it: round trips of Kafka ApiVersions requests
 * to the broker (the cheapest request every client sends), and the uplink rate as the time to push
 * a burst of pipelined requests padded to {@value #PADDED_REQUEST_BYTES} bytes each. Pointed at the
 * broker address a TaskManager uses, the requests take the TaskManager's own path: its edge link
 * with its emulated delay, jitter and loss, and its shaped veth.
 */
public final class LinkProbe {
    /** The largest client id the request header can carry (an int16-length string). */
    static final int PADDED_REQUEST_BYTES = 30_000;

    private static final short API_VERSIONS = 18;
    private static final int TIMEOUT_MILLIS = 30_000;

    /** Round-trip times in ms (sorted) and the uplink rate in bit/s over one connection. */
    public record Measurement(double[] rttMillis, double uplinkBitsPerSecond) {
        public double rttMedianMillis() {
            return rttMillis[rttMillis.length / 2];
        }

        public double rttMinMillis() {
            return rttMillis[0];
        }
    }

    private final String host;
    private final int port;

    public LinkProbe(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * {@code rounds} sequential round trips, then one burst of {@code burstRequests} pipelined
     * padded requests; the uplink rate is the burst's bytes over its time minus one round trip.
     */
    public Measurement measure(int rounds, int burstRequests) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(TIMEOUT_MILLIS);
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            DataInputStream in = new DataInputStream(s.getInputStream());
            int correlation = 0;
            byte[] small = request(correlation, "edgeflow-link-probe");
            double[] rtt = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                out.write(request(++correlation, "edgeflow-link-probe"));
                out.flush();
                readResponse(in, correlation);
                rtt[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(rtt);
            String padding = "p".repeat(PADDED_REQUEST_BYTES - small.length);
            long bytes = 0;
            long t0 = System.nanoTime();
            int first = correlation + 1;
            for (int i = 0; i < burstRequests; i++) {
                byte[] r = request(++correlation, padding);
                out.write(r);
                bytes += r.length;
            }
            out.flush();
            for (int c = first; c <= correlation; c++) {
                readResponse(in, c);
            }
            double seconds = (System.nanoTime() - t0) / 1e9 - rtt[0] / 1e3;
            double uplink = seconds > 0 ? bytes * 8 / seconds : Double.POSITIVE_INFINITY;
            return new Measurement(rtt, uplink);
        }
    }

    /** ApiVersions v0: size, api key, version, correlation id, client id; an empty body. */
    static byte[] request(int correlationId, String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + id.length);
        b.putInt(b.capacity() - 4)
                .putShort(API_VERSIONS)
                .putShort((short) 0)
                .putInt(correlationId)
                .putShort((short) id.length)
                .put(id);
        return b.array();
    }

    private static void readResponse(DataInputStream in, int expectedCorrelation)
            throws IOException {
        int size = in.readInt();
        if (size < 4 || size > 1 << 20) {
            throw new IOException("not a Kafka response (size " + size + ")");
        }
        int correlation = in.readInt();
        in.skipNBytes(size - 4);
        if (correlation != expectedCorrelation) {
            throw new IOException(
                    "response to request " + correlation + ", expected " + expectedCorrelation);
        }
    }
}
