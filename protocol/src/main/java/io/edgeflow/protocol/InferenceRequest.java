package io.edgeflow.protocol;

import io.edgeflow.protocol.PayloadReader.MalformedPayloadException;

/**
 * A request to run a model on one input (the payload of edgeflow.inference.requests). {@code
 * requestId} is unique per sending node and comes back in the result. An empty {@code modelVersion}
 * asks for the version the registry currently serves. {@code deadlineMicros} (Unix epoch µs, 0 for
 * none) is when the answer stops being useful: past it the request is answered with
 * DEADLINE_EXCEEDED instead of being run.
 *
 * <pre>
 * i64 seq, i64 timestamp_us, string request_id, string model, string version,
 * i64 deadline_us, tensor input
 * </pre>
 */
public record InferenceRequest(
        long seq,
        long timestampMicros,
        String requestId,
        String modelName,
        String modelVersion,
        long deadlineMicros,
        Tensor input)
        implements Message {

    public static final int MAX_ID_BYTES = 128;

    @Override
    public MessageType type() {
        return MessageType.INFERENCE_REQUEST;
    }

    @Override
    public void writeTo(PayloadWriter out) {
        out.i64(seq).i64(timestampMicros).string(requestId).string(modelName).string(modelVersion);
        out.i64(deadlineMicros);
        input.writeTo(out);
    }

    static InferenceRequest read(PayloadReader in) throws MalformedPayloadException {
        return new InferenceRequest(
                in.i64("seq"),
                in.i64("timestamp"),
                in.string("request_id"),
                in.string("model"),
                in.string("version"),
                in.i64("deadline"),
                Tensor.read(in, "input"));
    }

    @Override
    public String invalidReason() {
        if (seq < 0) {
            return "negative seq";
        }
        if (requestId.isEmpty() || requestId.length() > MAX_ID_BYTES) {
            return "request_id must have 1.." + MAX_ID_BYTES + " characters";
        }
        if (modelName.isEmpty()) {
            return "empty model name";
        }
        if (deadlineMicros < 0) {
            return "negative deadline";
        }
        String tensor = input.invalidReason();
        return tensor == null ? null : "input: " + tensor;
    }
}
