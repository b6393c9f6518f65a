package io.edgeflow.agent.reliability;

import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.LaserScan;
import io.edgeflow.protocol.Message;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.Pose2;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A source process's side of the agent's TCP protocol, as a robot driver would implement it: frames
 * of several robots, round robin (frame i belongs to robot i % R with sequence number i / R), paced
 * at a rate, resent from the last acknowledged frame after every reconnect.
 */
final class FrameFeeder implements AutoCloseable {
    static final FrameCodec CODEC = new FrameCodec();

    private final List<String> robots;
    private final int port;
    private final double framesPerSecond;
    private final long total;
    private final int window;
    private final boolean odometryOnly;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<String> agentError = new AtomicReference<>();
    private final AtomicLong reconnects = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param framesPerSecond total rate over all robots, 0 for as fast as acknowledged
     * @param total frames to send in all
     */
    FrameFeeder(List<String> robots, int port, double framesPerSecond, long total, int window) {
        this(robots, port, framesPerSecond, total, window, false);
    }

    /**
     * @param odometryOnly send only ODOMETRY frames, all of one size (else scans and odometry
     *     alternate)
     */
    FrameFeeder(
            List<String> robots,
            int port,
            double framesPerSecond,
            long total,
            int window,
            boolean odometryOnly) {
        this.odometryOnly = odometryOnly;
        this.robots = robots;
        this.port = port;
        this.framesPerSecond = framesPerSecond;
        this.total = total;
        this.window = window;
        this.thread = new Thread(this::run, "frame-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    static Odometry odometry(long seq) {
        return new Odometry(seq, 1_000_000 + seq * 25_000, new Pose2(0.05 * seq, 0, 0), 0.5, 0.05);
    }

    static Message message(long seq) {
        Pose2 odom = new Pose2(0.05 * seq, 0.01 * seq, 0.001 * seq);
        long micros = 1_000_000 + seq * 25_000;
        if (seq % 2 == 0) {
            float[] ranges = new float[361];
            for (int i = 0; i < ranges.length; i++) {
                ranges[i] = 2f + (float) Math.sin(i * 0.05 + seq * 0.01);
            }
            return new LaserScan(
                    seq,
                    micros,
                    (float) (-Math.PI / 2),
                    (float) (Math.PI / 360),
                    0.01f,
                    30f,
                    odom,
                    odom,
                    ranges);
        }
        return new Odometry(seq, micros, odom, 0.5, 0.05);
    }

    byte[] frame(long index) {
        String robot = robots.get((int) (index % robots.size()));
        long seq = index / robots.size();
        return CODEC.encode(NodeId.of(robot), odometryOnly ? odometry(seq) : message(seq));
    }

    private void run() {
        long start = System.nanoTime();
        while (!closed && acked.get() < total) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setTcpNoDelay(true);
                long base = acked.get();
                DataInputStream in = new DataInputStream(s.getInputStream());
                Thread reader =
                        new Thread(
                                () -> {
                                    try {
                                        while (true) {
                                            int kind = in.readByte();
                                            if (kind == 'A') {
                                                long n = Long.reverseBytes(in.readLong());
                                                acked.accumulateAndGet(base + n, Math::max);
                                            } else {
                                                byte[] msg = new byte[in.readUnsignedShort()];
                                                in.readFully(msg);
                                                agentError.compareAndSet(
                                                        null,
                                                        new String(msg, StandardCharsets.UTF_8));
                                                return;
                                            }
                                        }
                                    } catch (IOException e) {
                                        // connection gone: the writer notices too
                                    }
                                },
                                "frame-feeder-acks");
                reader.setDaemon(true);
                reader.start();
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
                long next = base;
                while (!closed && next < total && reader.isAlive()) {
                    if (next - acked.get() >= window) {
                        out.flush();
                        Thread.sleep(1);
                        continue;
                    }
                    if (framesPerSecond > 0) {
                        long due = start + (long) (next * 1e9 / framesPerSecond);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            out.flush();
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    out.write(frame(next++));
                }
                out.flush();
                while (!closed && reader.isAlive() && acked.get() < total) {
                    Thread.sleep(10);
                }
            } catch (IOException e) {
                // agent down or restarting: reconnect
            } catch (InterruptedException e) {
                return;
            }
            if (!closed && acked.get() < total) {
                reconnects.incrementAndGet();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    long acked() {
        return acked.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    /** The first error message the agent answered, or null. */
    String agentError() {
        return agentError.get();
    }

    /** Frames of one robot acknowledged so far (its sequence numbers 0..n-1). */
    long ackedFor(String robot) {
        long a = acked.get();
        int r = robots.indexOf(robot);
        return a / robots.size() + (r < a % robots.size() ? 1 : 0);
    }

    boolean awaitAllAcked(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acked.get() < total) {
            if (System.nanoTime() > deadline || agentError.get() != null) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    long perRobot() {
        return total / robots.size();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(5000);
    }

    /**
     * Runs a feeder as its own process (e.g. inside a robot's network namespace): {@code
     * FrameFeeder PORT ROBOT_PREFIX ROBOTS FRAMES_PER_S TOTAL}. Prints {@code READY}, then {@code
     * ACKED n} every 100 ms; exits 0 once all are acknowledged, 1 if the agent answered an error.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: FrameFeeder PORT ROBOT_PREFIX ROBOTS FRAMES_PER_S TOTAL");
            System.exit(2);
        }
        long total = Long.parseLong(args[4]);
        try (FrameFeeder feeder =
                new FrameFeeder(
                        robots(args[1], Integer.parseInt(args[2])),
                        Integer.parseInt(args[0]),
                        Double.parseDouble(args[3]),
                        total,
                        100_000)) {
            System.out.println("READY");
            while (feeder.acked() < total && feeder.agentError() == null) {
                System.out.println("ACKED " + feeder.acked());
                Thread.sleep(100);
            }
            System.out.println("ACKED " + feeder.acked());
            if (feeder.agentError() != null) {
                System.out.println("ERROR " + feeder.agentError());
                System.exit(1);
            }
        }
        System.exit(0);
    }

    static List<String> robots(String prefix, int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).toList();
    }
}
