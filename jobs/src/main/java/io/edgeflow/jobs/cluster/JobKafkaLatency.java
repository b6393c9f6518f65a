package io.edgeflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A running job's own view of its Kafka links, per TaskManager: the request latency that the Kafka
 * producers of its "Poses to Kafka" sink report (the connector registers the client's
 * producer-metrics under KafkaProducer.*), read through the REST API. On an edge node it is the
 * round trip of a produce request across the node's link.
 */
public final class JobKafkaLatency {
    static final String SINK = "Poses_to_Kafka";
    static final String METRIC = "KafkaProducer.request-latency-avg";

    private JobKafkaLatency() {}

    /** TaskManager id → mean produce request latency (ms) of the sink subtasks it runs. */
    public static Map<String, Double> byTaskManager(FlinkSessionRest flink, String jobId)
            throws IOException, InterruptedException {
        Map<String, List<Double>> samples = new TreeMap<>();
        for (JsonNode v : flink.get("/jobs/" + jobId).path("vertices")) {
            String vertex = "/jobs/" + jobId + "/vertices/" + v.path("id").asText();
            for (JsonNode subtask : flink.get(vertex).path("subtasks")) {
                String base = vertex + "/subtasks/" + subtask.path("subtask").asInt() + "/metrics";
                String id = null;
                for (JsonNode m : flink.get(base)) {
                    String name = m.path("id").asText();
                    if (name.contains(SINK) && name.endsWith(METRIC)) {
                        id = name;
                    }
                }
                if (id == null) {
                    continue;
                }
                for (JsonNode m :
                        flink.get(base + "?get=" + URLEncoder.encode(id, StandardCharsets.UTF_8))) {
                    double ms = m.path("value").asDouble(Double.NaN);
                    if (!Double.isNaN(ms)) {
                        samples.computeIfAbsent(
                                        subtask.path("taskmanager-id").asText(),
                                        k -> new ArrayList<>())
                                .add(ms);
                    }
                }
            }
        }
        Map<String, Double> mean = new TreeMap<>();
        samples.forEach(
                (tm, l) ->
                        mean.put(tm, l.stream().mapToDouble(d -> d).average().orElse(Double.NaN)));
        return mean;
    }
}
