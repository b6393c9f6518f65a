package io.edgeflow.agent.channel;

import io.edgeflow.agent.outbox.MessageClass;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the channel each message class travels over, among the channels that are up: LATENCY the
 * lowest RTT (a channel in use is kept unless another is {@value #SWITCH_RTT_RATIO}× faster, so
 * jitter does not make it flap), BULK the lowest cost (then RTT), CONTROL the one in use if up,
 * else the first configured. Channels are probed in the background; because the choice is re-made
 * before every delivery batch, a class fails over as soon as its channel is declared down and fails
 * back as soon as a better one is up again.
 */
public final class ChannelSelector implements AutoCloseable {
    static final double SWITCH_RTT_RATIO = 0.7;

    private final List<Channel> channels;
    private final ScheduledExecutorService prober;

    public ChannelSelector(List<Channel> channels, ProbePolicy policy) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one channel is needed");
        }
        this.channels = List.copyOf(channels);
        this.prober =
                Executors.newScheduledThreadPool(
                        channels.size(),
                        r -> {
                            Thread t = new Thread(r, "channel-probe");
                            t.setDaemon(true);
                            return t;
                        });
        for (Channel c : this.channels) {
            // One probe at a time per channel: the next starts an interval after the last ended.
            prober.scheduleWithFixedDelay(
                    c::probe, 0, policy.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public List<Channel> channels() {
        return channels;
    }

    /**
     * @param current the channel the class uses now, or null
     */
    public Optional<Channel> select(MessageClass messageClass, Channel current) {
        return choose(messageClass, channels.stream().filter(Channel::isUp).toList(), current);
    }

    /** The choice among the channels that are up (in configuration order). */
    static Optional<Channel> choose(MessageClass messageClass, List<Channel> up, Channel current) {
        if (up.isEmpty()) {
            return Optional.empty();
        }
        boolean currentUp = current != null && up.contains(current);
        return switch (messageClass) {
            case LATENCY -> {
                Channel fastest =
                        up.stream().min(Comparator.comparingDouble(Channel::rttMillis)).get();
                yield Optional.of(
                        currentUp && fastest.rttMillis() > SWITCH_RTT_RATIO * current.rttMillis()
                                ? current
                                : fastest);
            }
            case BULK ->
                    up.stream()
                            .min(
                                    Comparator.comparingDouble(
                                                    (Channel c) -> c.config().costPerMegabyte())
                                            .thenComparingDouble(Channel::rttMillis));
            case CONTROL -> Optional.of(currentUp ? current : up.get(0));
        };
    }

    @Override
    public void close() {
        prober.shutdownNow();
        for (Channel c : channels) {
            c.close();
        }
    }
}
