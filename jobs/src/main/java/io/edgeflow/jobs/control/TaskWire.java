package io.edgeflow.jobs.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeflow.control.scheduling.PriorityClass;
import io.edgeflow.control.scheduling.Task;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON encoding of {@code edgeflow.tasks} records (see docs/control-plane.md): a task, or a
 * completion {@code {"completed": "<task id>"}} that closes one.
 */
public final class TaskWire {

    /** A record of the tasks topic. */
    public sealed interface TaskMessage {}

    public record NewTask(Task task) implements TaskMessage {}

    public record Completion(String taskId) implements TaskMessage {}

    public static final class MalformedTaskException extends Exception {
        MalformedTaskException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskWire() {}

    public static TaskMessage parse(String json) throws MalformedTaskException {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new MalformedTaskException("not a JSON object", null);
            }
            if (n.hasNonNull("completed")) {
                return new Completion(n.get("completed").asText());
            }
            String id = required(n, "id").asText();
            long createdAt = required(n, "createdAtMillis").asLong();
            return new NewTask(
                    new Task(
                            id,
                            n.path("kind").asText("generic"),
                            n.path("cpuCores").asInt(1),
                            n.path("memoryMb").asLong(0),
                            n.path("gpus").asInt(0),
                            strings(n.path("requiredCapabilities")),
                            PriorityClass.valueOf(
                                    n.path("priority").asText("NORMAL").toUpperCase(Locale.ROOT)),
                            createdAt,
                            n.path("deadlineMillis").asLong(Long.MAX_VALUE),
                            n.path("workMillis").asDouble(0),
                            n.path("inputBytes").asLong(0),
                            strings(n.path("localityHints"))));
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedTaskException("malformed task: " + e.getMessage(), e);
        }
    }

    public static String encode(Task task) {
        try {
            return JSON.writeValueAsString(task);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String completion(String taskId) {
        return JSON.createObjectNode().put("completed", taskId).toString();
    }

    private static JsonNode required(JsonNode n, String field) throws MalformedTaskException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedTaskException("missing field " + field, null);
        }
        return v;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
