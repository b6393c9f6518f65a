package io.edgeflow.agent.source;

import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.OutboxFullException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames from other processes as UDP datagrams, one frame each, fire and forget: for sensors that
 * cannot wait for an acknowledgement. Invalid datagrams and datagrams refused by a full outbox are
 * counted and logged.
 */
public final class UdpSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSource.class);

    private final DatagramSocket socket;
    private final FrameIntake intake;
    private final MessageClass messageClass;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;

    public UdpSource(String bindHost, int port, FrameIntake intake, MessageClass messageClass)
            throws IOException {
        this.socket =
                new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bindHost), port));
        this.intake = intake;
        this.messageClass = messageClass;
        Thread t = new Thread(this::receiveLoop, "udp-source-" + port());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public long received() {
        return received.get();
    }

    public long refused() {
        return refused.get();
    }

    private void receiveLoop() {
        byte[] buf = new byte[65_535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                received.incrementAndGet();
                byte[] frame =
                        Arrays.copyOfRange(
                                p.getData(), p.getOffset(), p.getOffset() + p.getLength());
                intake.submit(List.of(frame), messageClass);
            } catch (InvalidFrameException | OutboxFullException e) {
                refused.incrementAndGet();
                LOG.warn(
                        "udp source: datagram from {} refused: {}",
                        p.getSocketAddress(),
                        e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | IllegalStateException e) {
                if (!closed) {
                    LOG.error("udp source: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
