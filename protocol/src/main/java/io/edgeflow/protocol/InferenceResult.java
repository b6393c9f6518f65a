package io.edgeflow.protocol;

import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The answer to one {@link InferenceRequest} (the payload of edgeflow.inference.results): the
 * request id, the model and the version that actually ran, a status, named outputs (none unless OK)
 * and where the time went. {@code error} is empty when OK.
 *
 * <pre>
 * i64 seq, i64 timestamp_us, string request_id, string model, string version, u8 status,
 * string error, i64 queue_us, i64 compute_us, u16 batch_size, u8 cache_hit,
 * u8 output count, per output: string name, tensor
 * </pre>
 */
public record InferenceResult(
        long seq,
        long timestampMicros,
        String requestId,
        String modelName,
        String modelVersion,
        Status status,
        String error,
        long queueMicros,
        long computeMicros,
        int batchSize,
        boolean cacheHit,
        List<NamedTensor> outputs)
        implements Message {

    public static final int MAX_OUTPUTS = 255;

    public InferenceResult {
        outputs = List.copyOf(outputs);
    }

    /** Outcome codes; part of the wire format, and the DLQ reason for every status but OK. */
    public enum Status {
        OK(0),
        UNKNOWN_MODEL(1),
        DEADLINE_EXCEEDED(2),
        ENGINE_ERROR(3),
        INVALID_INPUT(4),
        TIMEOUT(5);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Optional<Status> ofCode(int code) {
            return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
        }
    }

    public record NamedTensor(String name, Tensor tensor) {}

    public static InferenceResult failure(
            InferenceRequest request, long nowMicros, Status status, String error) {
        return new InferenceResult(
                request.seq(),
                nowMicros,
                request.requestId(),
                request.modelName(),
                request.modelVersion(),
                status,
                error,
                0,
                0,
                0,
                false,
                List.of());
    }

    public Optional<Tensor> output(String name) {
        return outputs.stream()
                .filter(o -> o.name().equals(name))
                .map(NamedTensor::tensor)
                .findFirst();
    }

    @Override
    public MessageType type() {
        return MessageType.INFERENCE_RESULT;
    }

    @Override
    public void writeTo(PayloadWriter out) {
        out.i64(seq).i64(timestampMicros).string(requestId).string(modelName).string(modelVersion);
        out.u8(status.code()).string(error);
        out.i64(queueMicros).i64(computeMicros).u16(batchSize).u8(cacheHit ? 1 : 0);
        out.u8(outputs.size());
        for (NamedTensor o : outputs) {
            out.string(o.name());
            o.tensor().writeTo(out);
        }
    }

    static InferenceResult read(PayloadReader in) throws MalformedPayloadException {
        long seq = in.i64("seq");
        long ts = in.i64("timestamp");
        String id = in.string("request_id");
        String model = in.string("model");
        String version = in.string("version");
        int code = in.u8("status");
        Status status =
                Status.ofCode(code)
                        .orElseThrow(() -> new MalformedPayloadException("unknown status " + code));
        String error = in.string("error");
        long queue = in.i64("queue_us");
        long compute = in.i64("compute_us");
        int batch = in.u16("batch_size");
        int hit = in.u8("cache_hit");
        int n = in.u8("output count");
        List<NamedTensor> outputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outputs.add(new NamedTensor(in.string("output name"), Tensor.read(in, "output")));
        }
        return new InferenceResult(
                seq, ts, id, model, version, status, error, queue, compute, batch, hit == 1,
                outputs);
    }

    @Override
    public String invalidReason() {
        if (seq < 0) {
            return "negative seq";
        }
        if (requestId.isEmpty()) {
            return "empty request_id";
        }
        if (outputs.size() > MAX_OUTPUTS) {
            return "more than " + MAX_OUTPUTS + " outputs";
        }
        if (status == Status.OK ? !error.isEmpty() : error.isEmpty()) {
            return "error must be empty exactly when status is OK";
        }
        if (status != Status.OK && !outputs.isEmpty()) {
            return "a failed result has no outputs";
        }
        if (queueMicros < 0 || computeMicros < 0) {
            return "negative timing";
        }
        for (NamedTensor o : outputs) {
            String t = o.tensor().invalidReason();
            if (t != null) {
                return "output " + o.name() + ": " + t;
            }
        }
        return null;
    }
}
