package io.edgeflow.agent.channel;

import io.edgeflow.protocol.LinkStats;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * One uplink and what the agent measures on it: round-trip time (a Kafka metadata request, EWMA),
 * loss (the fraction of failed probes over the last 20), bandwidth (bytes Kafka committed over it
 * per second of transaction time, EWMA) and whether it is up. Thread-safe.
 */
public final class Channel implements AutoCloseable {
    private static final double EWMA = 0.3;
    private static final int LOSS_WINDOW = 20;

    private final ChannelConfig config;
    private final ProbePolicy policy;
    private final Admin admin;

    private boolean up = false;
    private int failuresInRow;
    private int successesInRow;
    private double rttMillis = Double.NaN;
    private double bandwidthBitsPerSecond;
    private final boolean[] lossWindow = new boolean[LOSS_WINDOW];
    private int probes;
    private long framesDelivered;
    private long bytesDelivered;
    private long failovers;

    public Channel(ChannelConfig config, ProbePolicy policy) {
        this.config = config;
        this.policy = policy;
        Properties p = kafkaProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) policy.timeout().toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) policy.timeout().toMillis());
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "edgeflow-agent-probe-" + config.name());
        this.admin = Admin.create(p);
    }

    /** Bootstrap servers and the channel's own Kafka settings (TLS, SASL...). */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(config.kafka());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return p;
    }

    public String name() {
        return config.name();
    }

    public ChannelConfig config() {
        return config;
    }

    public ProbePolicy probePolicy() {
        return policy;
    }

    /** Sends one probe and updates the channel's state; returns whether it is up afterwards. */
    public boolean probe() {
        long start = System.nanoTime();
        boolean ok;
        try {
            ok =
                    !admin.describeCluster(
                                    new DescribeClusterOptions()
                                            .timeoutMs((int) policy.timeout().toMillis()))
                            .nodes()
                            .get(policy.timeout().toMillis() + 200, TimeUnit.MILLISECONDS)
                            .isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return isUp();
        } catch (Exception e) {
            ok = false;
        }
        double elapsed = (System.nanoTime() - start) / 1e6;
        return record(ok, elapsed);
    }

    synchronized boolean record(boolean ok, double elapsedMillis) {
        lossWindow[probes++ % LOSS_WINDOW] = !ok;
        if (ok) {
            rttMillis =
                    Double.isNaN(rttMillis)
                            ? elapsedMillis
                            : EWMA * elapsedMillis + (1 - EWMA) * rttMillis;
            failuresInRow = 0;
            if (++successesInRow >= policy.upAfter()) {
                up = true;
            }
        } else {
            successesInRow = 0;
            if (++failuresInRow >= policy.downAfter()) {
                up = false;
            }
        }
        return up;
    }

    /** A delivery over this channel failed: it counts as a failed probe. */
    public synchronized void reportFailure() {
        record(false, 0);
    }

    /** Kafka committed {@code bytes} in {@code nanos} of transaction time over this channel. */
    public synchronized void reportDelivered(long frames, long bytes, long nanos) {
        framesDelivered += frames;
        bytesDelivered += bytes;
        if (nanos > 0) {
            double bps = bytes * 8 * 1e9 / nanos;
            bandwidthBitsPerSecond =
                    bandwidthBitsPerSecond == 0
                            ? bps
                            : EWMA * bps + (1 - EWMA) * bandwidthBitsPerSecond;
        }
    }

    synchronized void countFailover() {
        failovers++;
    }

    public synchronized boolean isUp() {
        return up;
    }

    /** Smoothed RTT in ms, or +∞ before the first good probe. */
    public synchronized double rttMillis() {
        return Double.isNaN(rttMillis) ? Double.POSITIVE_INFINITY : rttMillis;
    }

    public synchronized double lossFraction() {
        int n = Math.min(probes, LOSS_WINDOW);
        if (n == 0) {
            return 0;
        }
        int lost = 0;
        for (int i = 0; i < n; i++) {
            lost += lossWindow[i] ? 1 : 0;
        }
        return (double) lost / n;
    }

    public synchronized long framesDelivered() {
        return framesDelivered;
    }

    public synchronized long bytesDelivered() {
        return bytesDelivered;
    }

    /** How many times a class moved onto this channel from another. */
    public synchronized long failoversIn() {
        return failovers;
    }

    /** The channel as a heartbeat reports it. */
    public synchronized LinkStats linkStats() {
        double rtt = Double.isNaN(rttMillis) ? 0 : rttMillis;
        return new LinkStats(
                config.name(), up, (float) rtt, bandwidthBitsPerSecond, (float) lossFraction());
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
