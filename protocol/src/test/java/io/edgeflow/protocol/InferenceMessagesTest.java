package io.edgeflow.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.InferenceResult.NamedTensor;
import io.edgeflow.protocol.InferenceResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * INFERENCE_REQUEST and INFERENCE_RESULT: the test vectors in docs/protocol-inference.md are what
 * the codec writes and reads, and every valid message survives a round trip.
 */
class InferenceMessagesTest {
    static final int NODE = 0x01020304;
    static final FrameCodec CODEC = new FrameCodec();

    /** The messages the document's vectors encode, by vector name. */
    static Map<String, Message> documentedMessages() {
        Map<String, Message> m = new LinkedHashMap<>();
        m.put(
                "request-raw-float32",
                new InferenceRequest(
                        7,
                        1_700_000_000_000_000L,
                        "r-1",
                        "mlp",
                        "1",
                        1_700_000_000_250_000L,
                        Tensor.floats(new int[] {1, 2}, new float[] {1.0f, -2.5f})));
        m.put(
                "request-png",
                new InferenceRequest(
                        8,
                        1_700_000_000_000_000L,
                        "r-2",
                        "ppocr-rec",
                        "",
                        0,
                        new Tensor(
                                Tensor.Encoding.PNG,
                                Tensor.DType.UINT8,
                                new int[] {48, 320, 3},
                                new byte[] {(byte) 0x89, 'P', 'N', 'G'})));
        m.put(
                "result-ok",
                new InferenceResult(
                        7,
                        1_700_000_000_012_000L,
                        "r-1",
                        "mlp",
                        "1",
                        Status.OK,
                        "",
                        1500,
                        800,
                        8,
                        false,
                        List.of(
                                new NamedTensor(
                                        "logits",
                                        Tensor.floats(new int[] {1, 2}, new float[] {0.5f, 2f})),
                                new NamedTensor("text", Tensor.text("A7")))));
        m.put(
                "result-unknown-model",
                new InferenceResult(
                        9,
                        1_700_000_000_001_000L,
                        "r-3",
                        "nope",
                        "",
                        Status.UNKNOWN_MODEL,
                        "model nope is not loaded",
                        0,
                        0,
                        0,
                        false,
                        List.of()));
        return m;
    }

    static Map<String, String> documentedVectors() throws IOException {
        Path doc =
                Path.of(System.getProperty("user.dir"))
                        .resolveSibling("docs/protocol-inference.md");
        String text = Files.readString(doc);
        Matcher m =
                Pattern.compile("<!-- vector: ([a-z0-9-]+) -->\\s*```\\s*([0-9a-f\\s]+?)```")
                        .matcher(text);
        Map<String, String> vectors = new LinkedHashMap<>();
        while (m.find()) {
            vectors.put(m.group(1), m.group(2).replaceAll("\\s", ""));
        }
        return vectors;
    }

    @Test
    void documentedVectorsAreWhatTheCodecWritesAndReads() throws IOException {
        Map<String, String> vectors = documentedVectors();
        Map<String, Message> messages = documentedMessages();
        assertThat(vectors.keySet()).containsExactlyInAnyOrderElementsOf(messages.keySet());
        for (var e : messages.entrySet()) {
            byte[] expected = HexFormat.of().parseHex(vectors.get(e.getKey()));
            assertThat(HexFormat.of().formatHex(CODEC.encode(NODE, e.getValue())))
                    .as(e.getKey())
                    .isEqualTo(vectors.get(e.getKey()));
            DecodeResult decoded = CODEC.decode(expected);
            assertThat(decoded).isInstanceOf(Frame.class);
            assertThat(((Frame) decoded).message()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(((Frame) decoded).nodeId()).isEqualTo(NODE);
        }
    }

    @Test
    void aRawTensorWhoseBytesDoNotMatchItsShapeIsRejected() {
        // Claim shape [1,3] while carrying 2 floats.
        InferenceRequest bad =
                new InferenceRequest(
                        1,
                        1,
                        "x",
                        "mlp",
                        "",
                        0,
                        new Tensor(
                                Tensor.Encoding.RAW,
                                Tensor.DType.FLOAT32,
                                new int[] {1, 3},
                                new byte[8]));
        assertThat(bad.invalidReason()).contains("needs 12 bytes, got 8");
    }

    @Test
    void aFailedResultMustSayWhyAndCarryNoOutputs() {
        InferenceResult noReason =
                new InferenceResult(
                        1, 1, "x", "m", "", Status.ENGINE_ERROR, "", 0, 0, 0, false, List.of());
        assertThat(noReason.invalidReason()).contains("error must be empty exactly when");
    }

    @Property(tries = 200)
    void requestsRoundTrip(
            @ForAll @IntRange(min = 0, max = 64) int n,
            @ForAll @AlphaChars @StringLength(min = 1, max = 40) String id,
            @ForAll @AlphaChars @StringLength(min = 1, max = 40) String model) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.25f - 3;
        }
        InferenceRequest r =
                new InferenceRequest(
                        n,
                        42,
                        id,
                        model,
                        "v" + n,
                        1000L * n,
                        Tensor.floats(new int[] {1, n}, values));
        DecodeResult d = CODEC.decode(CODEC.encode(NODE, r, Compression.DEFLATE));
        assertThat(d).isInstanceOf(Frame.class);
        assertThat(((Frame) d).message()).isEqualTo(r);
    }
}
