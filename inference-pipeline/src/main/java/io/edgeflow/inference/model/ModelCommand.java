package io.edgeflow.inference.model;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record of edgeflow.models.control, one UTF-8 line: an action then key=value fields, e.g.
 *
 * <pre>
 * LOAD name=ppocr-rec version=v4 format=ONNX location=/models/rec.onnx adapter=PPOCR_RECOGNIZER shape=3x48x320
 * SWAP name=mlp version=2 format=DJL_BLOCK location=/models/mlp-2 architecture=mlp:256,2048,2048,10 shape=256
 * UNLOAD name=mlp version=1
 * </pre>
 *
 * UNLOAD without a version removes every version of the name. Values contain no spaces.
 */
public record ModelCommand(Action action, String name, String version, ModelSpec spec)
        implements Serializable {

    public enum Action {
        LOAD,
        SWAP,
        UNLOAD
    }

    public static ModelCommand load(ModelSpec spec) {
        return new ModelCommand(Action.LOAD, spec.name(), spec.version(), spec);
    }

    public static ModelCommand swap(ModelSpec spec) {
        return new ModelCommand(Action.SWAP, spec.name(), spec.version(), spec);
    }

    public static ModelCommand unload(String name, String version) {
        return new ModelCommand(Action.UNLOAD, name, version, null);
    }

    public String toLine() {
        StringBuilder b = new StringBuilder(action.name());
        Map<String, String> fields =
                spec != null ? spec.toFields() : Map.of("name", name, "version", version);
        fields.forEach(
                (k, v) -> {
                    if (!v.isEmpty()) {
                        b.append(' ').append(k).append('=').append(v);
                    }
                });
        return b.toString();
    }

    public byte[] toBytes() {
        return toLine().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException for a line that is not a valid command
     */
    public static ModelCommand parse(String line) {
        String[] parts = line.trim().split("\\s+");
        Action action = Action.valueOf(parts[0]);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not key=value: " + parts[i]);
            }
            fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        if (action == Action.UNLOAD) {
            String name = fields.getOrDefault("name", "");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("UNLOAD needs name");
            }
            return unload(name, fields.getOrDefault("version", ""));
        }
        ModelSpec spec = ModelSpec.fromFields(fields);
        return new ModelCommand(action, spec.name(), spec.version(), spec);
    }
}
