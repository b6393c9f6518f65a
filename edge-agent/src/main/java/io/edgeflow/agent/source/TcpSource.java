package io.edgeflow.agent.source;

import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.OutboxFullException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames from other processes over TCP, with acknowledgements. A client writes frames back to back;
 * after each durable batch the agent answers {@code 'A'} and the count of this connection's frames
 * processed so far (u64 little-endian): those are safe in the outbox (or were duplicates of frames
 * already there, or dropped by the outbox's full policy, which the agent counts). A client resends
 * what was not acknowledged after a reconnect; the outbox drops what it already has. On bad input
 * or a full outbox under the BLOCK policy the agent answers {@code 'E'}, a u16 length and a UTF-8
 * message, and closes the connection.
 */
public final class TcpSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpSource.class);
    private static final int MAX_BATCH = 512;

    private final ServerSocket server;
    private final FrameIntake intake;
    private final MessageClass messageClass;
    private final int maxPayloadBytes;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public TcpSource(
            String bindHost,
            int port,
            FrameIntake intake,
            MessageClass messageClass,
            int maxPayloadBytes)
            throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(bindHost), port));
        this.intake = intake;
        this.messageClass = messageClass;
        this.maxPayloadBytes = maxPayloadBytes;
        Thread t = new Thread(this::acceptLoop, "tcp-source-" + port());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "tcp-source-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("tcp source accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        long processed = 0;
        try (socket;
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()))) {
            FrameStreamReader reader =
                    new FrameStreamReader(socket.getInputStream(), maxPayloadBytes);
            while (!closed) {
                List<byte[]> batch;
                try {
                    batch = reader.nextBatch(MAX_BATCH);
                } catch (IOException e) {
                    if (!closed && !socket.isClosed()) {
                        error(out, "bad frame stream: " + e.getMessage());
                    }
                    return;
                }
                if (batch.isEmpty()) {
                    return;
                }
                try {
                    intake.submit(batch, messageClass);
                    processed += batch.size();
                    ack(out, processed);
                } catch (InvalidFrameException e) {
                    processed += e.accepted();
                    ack(out, processed);
                    error(out, e.getMessage());
                    return;
                } catch (OutboxFullException e) {
                    processed += e.accepted();
                    ack(out, processed);
                    error(out, e.getMessage());
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("tcp source client gone: {}", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            if (!closed) {
                LOG.error("tcp source: {}", e.toString());
            }
        } finally {
            clients.remove(socket);
        }
    }

    private static void ack(DataOutputStream out, long processed) throws IOException {
        out.writeByte('A');
        out.writeLong(Long.reverseBytes(processed));
        out.flush();
    }

    private static void error(DataOutputStream out, String message) throws IOException {
        LOG.warn("tcp source: {}", message);
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, 65535);
        out.writeByte('E');
        out.writeShort(n);
        out.write(text, 0, n);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : clients) {
            s.close();
        }
    }
}
