package io.edgeflow.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.DecodeError.Reason;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FrameCodecProperties {
    final FrameCodec codec = new FrameCodec();

    @Property
    void everyMessageRoundTrips(
            @ForAll("messages") Message m, @ForAll int nodeId, @ForAll Compression compression) {
        byte[] bytes = codec.encode(nodeId, m, compression);
        DecodeResult r = codec.decode(bytes);
        assertThat(r).isInstanceOf(Frame.class);
        Frame f = (Frame) r;
        assertThat(f.nodeId()).isEqualTo(nodeId);
        assertThat(f.compression()).isEqualTo(compression);
        assertThat(f.message()).isEqualTo(m);
    }

    @Property(tries = 60)
    void everySingleBitFlipAnywhereIsDetected(
            @ForAll("messages") Message m, @ForAll int nodeId, @ForAll Compression compression) {
        byte[] good = codec.encode(nodeId, m, compression);
        for (int bit = 0; bit < good.length * 8; bit++) {
            byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(codec.decode(bad))
                    .as("bit %d of %d", bit, good.length * 8)
                    .isInstanceOf(DecodeError.class);
        }
    }

    @Property(tries = 2000)
    void randomBytesNeverThrowAndYieldATypedError(@ForAll @Size(max = 400) byte[] bytes) {
        assertThat(codec.decode(bytes)).isInstanceOf(DecodeError.class);
    }

    /** Random payloads behind a valid header and CRC reach the payload parser: still no throw. */
    @Property(tries = 3000)
    void randomPayloadsBehindAValidHeaderNeverThrow(
            @ForAll @IntRange(min = 0, max = 20) int type,
            @ForAll @Size(max = 300) byte[] payload,
            @ForAll @IntRange(min = 0, max = 1) int codecBits) {
        byte[] frame = new byte[FrameCodec.HEADER_BYTES + payload.length];
        frame[0] = (byte) FrameCodec.MAGIC;
        frame[1] = (byte) FrameCodec.VERSION;
        frame[2] = (byte) type;
        frame[3] = (byte) codecBits;
        FrameCodec.putInt(frame, 4, payload.length);
        System.arraycopy(payload, 0, frame, FrameCodec.HEADER_BYTES, payload.length);
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, 12);
        crc.update(payload);
        FrameCodec.putInt(frame, 12, (int) crc.getValue());
        DecodeResult r = codec.decode(frame);
        assertThat(r).isNotNull();
        if (r instanceof DecodeError e) {
            assertThat(e.reason())
                    .isIn(Reason.INVALID_PAYLOAD, Reason.UNKNOWN_TYPE, Reason.OVERSIZE);
        }
    }

    @Property(tries = 200)
    void oversizePayloadsAreRejectedBeforeAnyParsing(
            @ForAll @IntRange(min = 1, max = 5000) int extra) {
        FrameCodec small = new FrameCodec(256);
        byte[] frame = new byte[FrameCodec.HEADER_BYTES];
        frame[0] = (byte) FrameCodec.MAGIC;
        frame[1] = (byte) FrameCodec.VERSION;
        frame[2] = (byte) MessageType.ODOMETRY.code();
        FrameCodec.putInt(frame, 4, 256 + extra);
        DecodeResult r = small.decode(frame);
        assertThat(r).isInstanceOf(DecodeError.class);
        assertThat(((DecodeError) r).reason()).isEqualTo(Reason.OVERSIZE);
    }

    @Provide
    Arbitrary<Message> messages() {
        return Arbitraries.oneOf(
                laserScans(), odometries(), heartbeats(), poseEstimates(), syncUpdates());
    }

    private static Arbitrary<Long> seqs() {
        return Arbitraries.longs().greaterOrEqual(0);
    }

    private static Arbitrary<Double> finite() {
        return Arbitraries.doubles().between(-1e6, 1e6).ofScale(6);
    }

    private static Arbitrary<Pose2> poses() {
        return Combinators.combine(
                        finite(),
                        finite(),
                        Arbitraries.doubles().between(-3.14159, 3.14159).ofScale(5))
                .as(Pose2::new);
    }

    private static Arbitrary<float[]> ranges() {
        Arbitrary<Float> range =
                Arbitraries.oneOf(
                        Arbitraries.floats().between(0, 100),
                        Arbitraries.just(Float.POSITIVE_INFINITY));
        return range.array(float[].class).ofMaxSize(64);
    }

    private static Arbitrary<Message> laserScans() {
        Arbitrary<Float> angle = Arbitraries.floats().between(-4, 4);
        Arbitrary<Float> increment = Arbitraries.floats().between(1e-4f, 0.1f).ofScale(6);
        Arbitrary<Float> rangeMin = Arbitraries.floats().between(0, 1);
        return Combinators.combine(
                        seqs(),
                        Arbitraries.longs(),
                        angle,
                        increment,
                        rangeMin,
                        poses(),
                        poses(),
                        ranges())
                .as(
                        (seq, ts, a, inc, rmin, sensor, odom, r) ->
                                new LaserScan(seq, ts, a, inc, rmin, rmin + 30, sensor, odom, r));
    }

    private static Arbitrary<Message> odometries() {
        return Combinators.combine(seqs(), Arbitraries.longs(), poses(), finite(), finite())
                .as(Odometry::new);
    }

    private static Arbitrary<Message> heartbeats() {
        Arbitrary<String> names = Arbitraries.strings().ofMinLength(1).ofMaxLength(20);
        Arbitrary<LinkStats> links =
                Combinators.combine(
                                names,
                                Arbitraries.of(true, false),
                                Arbitraries.floats().between(0, 2000),
                                Arbitraries.doubles().between(0, 1e10),
                                Arbitraries.floats().between(0, 1))
                        .as(LinkStats::new);
        Arbitrary<Long> memory = Arbitraries.longs().between(0, 1L << 40);
        Arbitrary<Float> battery =
                Arbitraries.oneOf(
                        Arbitraries.floats().between(0, 1), Arbitraries.just(Heartbeat.NO_BATTERY));
        Arbitrary<List<LinkStats>> linkLists = links.list().ofMaxSize(4);
        return Combinators.combine(
                        seqs(),
                        Arbitraries.longs(),
                        names,
                        Arbitraries.floats().between(0, 1),
                        memory,
                        battery,
                        Arbitraries.floats().between(0, 500),
                        linkLists)
                .as(
                        (seq, ts, name, cpu, used, bat, power, l) ->
                                new Heartbeat(
                                        seq, ts, name, cpu, used, used + 1024, bat, power, l));
    }

    private static Arbitrary<Message> poseEstimates() {
        return Combinators.combine(
                        seqs(),
                        Arbitraries.longs(),
                        Arbitraries.of(PoseEstimate.Source.class),
                        poses(),
                        Arbitraries.longs())
                .as(PoseEstimate::new);
    }

    private static Arbitrary<Message> syncUpdates() {
        Arbitrary<String> names = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
        // a version vector: distinct nodes, sorted, the writer among them
        Arbitrary<java.util.TreeMap<String, Long>> vectors =
                Arbitraries.maps(names, Arbitraries.longs().between(1, 1_000_000))
                        .ofMinSize(1)
                        .ofMaxSize(5)
                        .map(java.util.TreeMap::new);
        return Combinators.combine(
                        seqs(),
                        names,
                        vectors,
                        Arbitraries.longs().between(0, 1L << 50),
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.of("lww", "multi-value(3)", "crdt-counter"),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as(
                        (seq, key, vector, physical, logical, strategy, value) ->
                                new SyncUpdateMessage(
                                        seq,
                                        physical * 1_000,
                                        key,
                                        vector.firstKey(),
                                        physical,
                                        logical,
                                        vector.entrySet().stream()
                                                .map(
                                                        e ->
                                                                new SyncUpdateMessage.VersionEntry(
                                                                        e.getKey(), e.getValue()))
                                                .toList(),
                                        strategy,
                                        value));
    }
}
