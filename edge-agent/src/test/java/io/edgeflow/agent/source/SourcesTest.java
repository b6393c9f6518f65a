package io.edgeflow.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.Outbox;
import io.edgeflow.agent.outbox.OutboxConfig;
import io.edgeflow.agent.outbox.OutboxConfig.FullPolicy;
import io.edgeflow.agent.outbox.OutboxConfig.SyncPolicy;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.Odometry;
import io.edgeflow.protocol.Pose2;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources into the intake and the outbox (no Kafka): what is accepted, what is refused and why. */
class SourcesTest {
    static final FrameCodec CODEC = new FrameCodec();
    @TempDir Path dir;
    Outbox outbox;
    FrameIntake intake;

    @BeforeEach
    void open() throws Exception {
        outbox =
                Outbox.open(
                        new OutboxConfig(
                                dir,
                                64 << 20,
                                Duration.ofHours(1),
                                FullPolicy.BLOCK,
                                Duration.ofMillis(100),
                                SyncPolicy.BATCH));
        intake = new FrameIntake(outbox, 1 << 20, List.of("robot-1"), null, Set.of());
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    static byte[] frame(String node, long seq) {
        return CODEC.encode(
                NodeId.of(node), new Odometry(seq, 1_000 + seq, new Pose2(seq, 0, 0), 0.1, 0));
    }

    static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void aByteStreamSourceTakesFramesUntilBytesThatCannotStartAFrame() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (long s = 0; s < 3; s++) {
            in.write(frame("robot-1", s));
        }
        in.write("garbage after the frames".getBytes(StandardCharsets.US_ASCII));
        StreamSource source =
                new StreamSource(
                        "stdin",
                        new ByteArrayInputStream(in.toByteArray()),
                        intake,
                        MessageClass.BULK,
                        1 << 20);
        await(() -> source.failure() != null);
        assertThat(source.accepted()).isEqualTo(3);
        assertThat(source.failure()).contains("stream out of sync");
        assertThat(outbox.stats(MessageClass.BULK).frames()).isEqualTo(3);
    }

    @Test
    void udpDatagramsAreFramesAndInvalidOnesAreCountedNotStored() throws Exception {
        try (UdpSource udp = new UdpSource("127.0.0.1", 0, intake, MessageClass.LATENCY);
                DatagramSocket client = new DatagramSocket()) {
            for (byte[] d :
                    List.of(
                            frame("robot-1", 0),
                            frame("robot-9", 0),
                            new byte[] {1, 2, 3},
                            frame("robot-1", 1))) {
                client.send(
                        new DatagramPacket(
                                d, d.length, InetAddress.getLoopbackAddress(), udp.port()));
            }
            await(() -> udp.received() == 4);
            await(() -> outbox.stats(MessageClass.LATENCY).frames() == 2 && udp.refused() == 2);
            assertThat(outbox.stats(MessageClass.LATENCY).frames()).isEqualTo(2);
            assertThat(udp.refused()).isEqualTo(2);
        }
    }

    @Test
    void tcpAcknowledgesWhatIsStoredAndExplainsWhatIsRefused() throws Exception {
        try (TcpSource tcp = new TcpSource("127.0.0.1", 0, intake, MessageClass.LATENCY, 1 << 20);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), tcp.port())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(frame("robot-1", 0));
            out.write(frame("robot-1", 1));
            out.write(frame("robot-1", 1)); // a resend: acknowledged, stored once
            out.write(frame("robot-7", 0)); // not this agent's robot
            s.getOutputStream().write(out.toByteArray());
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            long acked = 0;
            String error = null;
            while (error == null) {
                int kind = in.readByte();
                if (kind == 'A') {
                    acked = Long.reverseBytes(in.readLong());
                } else {
                    byte[] msg = new byte[in.readUnsignedShort()];
                    in.readFully(msg);
                    error = new String(msg, StandardCharsets.UTF_8);
                }
            }
            assertThat(acked).isEqualTo(3);
            assertThat(error)
                    .contains("node id " + NodeId.hex(NodeId.of("robot-7")))
                    .contains("not one of this agent's nodes");
            assertThat(outbox.stats(MessageClass.LATENCY).frames()).isEqualTo(2);
            assertThat(outbox.stats(MessageClass.LATENCY).duplicates()).isEqualTo(1);
            assertThat(in.read()).as("connection closed after the error").isEqualTo(-1);
        }
    }

    @Test
    void theReplaySourceQueuesEveryRecordOfTheLogAsItsRobotsFrames() throws Exception {
        Path log = Path.of("..", "data", "laser", "aces.clf.bz2");
        List<io.edgeflow.protocol.carmen.CarmenRecord> records =
                io.edgeflow.protocol.carmen.CarmenLogReader.readAll(log, w -> {});
        FrameIntake robots =
                new FrameIntake(
                        outbox, 1 << 20, ReplaySource.robotNames("replay-", 2), null, Set.of());
        try (ReplaySource replay =
                new ReplaySource(log, 2, "replay-", 0, robots, MessageClass.BULK)) {
            await(() -> outbox.stats(MessageClass.BULK).frames() == records.size());
        }
        assertThat(outbox.stats(MessageClass.BULK).frames()).isEqualTo(records.size());
        // Each robot's sequence numbers start at 0 and cover its share of the log.
        long last1 = outbox.lastStreamSeq(NodeId.of("replay-1"));
        long last2 = outbox.lastStreamSeq(NodeId.of("replay-2"));
        assertThat(last1 + 1 + last2 + 1).isEqualTo(records.size());
    }
}
