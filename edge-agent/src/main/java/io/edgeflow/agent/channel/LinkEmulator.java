package io.edgeflow.agent.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP proxy on loopback that behaves like a bad link, for tests and benchmarks on machines
 * without {@code tc netem}: one-way latency with jitter, a bandwidth cap, loss (a TCP link does not
 * lose bytes, it stalls while they are retransmitted: each chunk is held back one retransmission
 * timeout with probability {@code loss}), and two kinds of outage: {@link Mode#BLACKHOLE} (bytes
 * vanish, connections hang, like a radio out of range) and {@link Mode#REFUSE} (connections are
 * reset, like a link whose interface went down). Leaving BLACKHOLE resets the connections whose
 * bytes were eaten, as their byte streams are broken.
 */
public final class LinkEmulator implements AutoCloseable {
    public enum Mode {
        PASS,
        BLACKHOLE,
        REFUSE
    }

    static final long RETRANSMIT_TIMEOUT_MILLIS = 200;

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyMillis;
    private volatile long jitterMillis;
    private volatile double loss;
    private volatile long bitsPerSecond;
    private volatile boolean closed;

    /** Listens on a free loopback port and forwards to {@code upstreamHost:upstreamPort}. */
    public LinkEmulator(String upstreamHost, int upstreamPort) throws IOException {
        this(0, upstreamHost, upstreamPort);
    }

    public LinkEmulator(int listenPort, String upstreamHost, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        Thread acceptor = new Thread(this::acceptLoop, "link-emulator-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** One-way delay added to every chunk in each direction, plus uniform jitter in [0, j]. */
    public LinkEmulator latency(long millis, long jitter) {
        this.latencyMillis = millis;
        this.jitterMillis = jitter;
        return this;
    }

    public LinkEmulator loss(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1], was " + fraction);
        }
        this.loss = fraction;
        return this;
    }

    /** Caps each direction at this rate; 0 means unlimited. */
    public LinkEmulator bandwidth(long bitsPerSecond) {
        this.bitsPerSecond = bitsPerSecond;
        return this;
    }

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode newMode) {
        Mode old = this.mode;
        this.mode = newMode;
        if (newMode == Mode.REFUSE) {
            connections.forEach(Connection::close);
        } else if (old == Mode.BLACKHOLE) {
            connections.stream().filter(c -> c.tainted).forEach(Connection::close);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (mode == Mode.REFUSE) {
                    client.setSoLinger(true, 0); // RST, like an unreachable port
                    client.close();
                    continue;
                }
                Socket up = new Socket();
                try {
                    up.connect(upstream, 5000);
                } catch (IOException e) {
                    client.setSoLinger(true, 0);
                    client.close();
                    up.close();
                    continue;
                }
                Connection c = new Connection(client, up);
                connections.add(c);
                c.start();
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
            }
        }
    }

    private final class Connection {
        final Socket client;
        final Socket up;
        volatile boolean tainted;
        volatile boolean closed;

        Connection(Socket client, Socket up) {
            this.client = client;
            this.up = up;
        }

        void start() throws IOException {
            direction(client.getInputStream(), up.getOutputStream(), "up");
            direction(up.getInputStream(), client.getOutputStream(), "down");
        }

        /** A reader that timestamps chunks and a writer that releases them when due, in order. */
        private void direction(InputStream in, OutputStream out, String name) {
            LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            Thread reader =
                    new Thread(
                            () -> {
                                byte[] buf = new byte[16 * 1024];
                                long lastDue = 0;
                                try {
                                    int n;
                                    while ((n = in.read(buf)) >= 0) {
                                        if (mode != Mode.PASS) {
                                            tainted = true;
                                            continue;
                                        }
                                        long now = System.nanoTime();
                                        long delay = latencyMillis;
                                        if (jitterMillis > 0) {
                                            delay +=
                                                    ThreadLocalRandom.current()
                                                            .nextLong(jitterMillis + 1);
                                        }
                                        if (loss > 0
                                                && ThreadLocalRandom.current().nextDouble()
                                                        < loss) {
                                            delay += RETRANSMIT_TIMEOUT_MILLIS;
                                        }
                                        long due = Math.max(lastDue, now + delay * 1_000_000);
                                        long bps = bitsPerSecond;
                                        if (bps > 0) {
                                            due += (long) n * 8 * 1_000_000_000L / bps;
                                        }
                                        lastDue = due;
                                        byte[] copy = new byte[n];
                                        System.arraycopy(buf, 0, copy, 0, n);
                                        queue.add(new Chunk(due, copy));
                                    }
                                } catch (IOException e) {
                                    // connection closed
                                }
                                queue.add(Chunk.END);
                            },
                            "link-emulator-" + name);
            Thread writer =
                    new Thread(
                            () -> {
                                try {
                                    while (true) {
                                        Chunk c = queue.take();
                                        if (c == Chunk.END) {
                                            break;
                                        }
                                        long wait = c.dueNanos() - System.nanoTime();
                                        if (wait > 0) {
                                            Thread.sleep(
                                                    wait / 1_000_000, (int) (wait % 1_000_000));
                                        }
                                        if (mode == Mode.PASS) {
                                            out.write(c.bytes());
                                            out.flush();
                                        } else {
                                            tainted = true;
                                        }
                                    }
                                } catch (IOException | InterruptedException e) {
                                    // connection closed
                                }
                                close();
                            },
                            "link-emulator-" + name + "-out");
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            connections.remove(this);
            for (Socket s : new Socket[] {client, up}) {
                try {
                    s.setSoLinger(true, 0);
                    s.close();
                } catch (SocketException e) {
                    // already closed
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    private record Chunk(long dueNanos, byte[] bytes) {
        static final Chunk END = new Chunk(0, new byte[0]);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(Connection::close);
    }
}
