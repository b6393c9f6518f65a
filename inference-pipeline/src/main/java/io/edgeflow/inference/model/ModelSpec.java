package io.edgeflow.inference.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model version the registry can serve: where its files are and how to feed it. Specs travel on
 * the control topic and live in broadcast state.
 *
 * @param location a local file or directory, or a URL (file:, jar:, or an http(s) address on a
 *     network that has one); local files load fully offline
 * @param architecture for {@link ModelFormat#DJL_BLOCK}: the Block to build (see {@link
 *     BlockArchitectures}); otherwise empty
 * @param adapter how requests become engine inputs and engine outputs become results
 * @param sampleShape the shape of one engine input sample (no batch dimension)
 * @param threads intra-op threads the engine may use per predictor
 */
public record ModelSpec(
        String name,
        String version,
        ModelFormat format,
        String location,
        String architecture,
        AdapterKind adapter,
        long[] sampleShape,
        int threads)
        implements Serializable {

    /** Pre- and post-processing families. */
    public enum AdapterKind {
        /** RAW FLOAT32 input of exactly the sample shape; one FLOAT32 output. */
        TENSOR,
        /** PP-OCR text recognizer: a UINT8 line image in, CTC-decoded text out. */
        PPOCR_RECOGNIZER,
        /** PP-OCR text detector: a UINT8 camera frame in, text-line boxes out. */
        PPOCR_DETECTOR
    }

    public String engine() {
        return format == ModelFormat.ONNX ? "OnnxRuntime" : "PyTorch";
    }

    /** name:version, the registry key. */
    public String key() {
        return name + ":" + version;
    }

    /** One command line of the control topic: space-separated key=value pairs. */
    public Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("version", version);
        f.put("format", format.name());
        f.put("location", location);
        f.put("architecture", architecture);
        f.put("adapter", adapter.name());
        StringBuilder shape = new StringBuilder();
        for (long d : sampleShape) {
            shape.append(shape.length() == 0 ? "" : "x").append(d);
        }
        f.put("shape", shape.toString());
        f.put("threads", Integer.toString(threads));
        return f;
    }

    public static ModelSpec fromFields(Map<String, String> f) {
        String shape = f.getOrDefault("shape", "");
        long[] dims =
                shape.isEmpty()
                        ? new long[0]
                        : java.util.Arrays.stream(shape.split("x"))
                                .mapToLong(Long::parseLong)
                                .toArray();
        return new ModelSpec(
                required(f, "name"),
                required(f, "version"),
                ModelFormat.valueOf(required(f, "format")),
                required(f, "location"),
                f.getOrDefault("architecture", ""),
                AdapterKind.valueOf(f.getOrDefault("adapter", AdapterKind.TENSOR.name())),
                dims,
                Integer.parseInt(f.getOrDefault("threads", "1")));
    }

    private static String required(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("model spec needs " + key);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && toFields().equals(s.toFields());
    }

    @Override
    public int hashCode() {
        return toFields().hashCode();
    }

    @Override
    public String toString() {
        return "ModelSpec" + toFields();
    }
}
