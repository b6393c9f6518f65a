package io.edgeflow.jobs.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small client of Flink's REST API (the one behind the web UI), for job metrics. */
public final class FlinkRest {
    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public FlinkRest(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + path))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }

    /**
     * Sums an operator metric over all subtasks of all vertices of a job. Flink scopes operator
     * metrics as {@code <operator>.<group>.<name>}; this matches on the suffix, e.g. {@code
     * edgeflow.framesDecoded}. Returns 0 while Flink has not reported the metric yet.
     */
    public long sumOperatorMetric(String jobId, String suffix)
            throws IOException, InterruptedException {
        return (long) operatorMetric(jobId, suffix).sum();
    }

    /** An operator metric over the subtasks that report it (all zero when none does yet). */
    public record MetricAggregate(int subtasks, double min, double max, double sum) {}

    /**
     * An operator metric aggregated over the subtasks of all vertices of a job, matched on its
     * suffix as in {@link #sumOperatorMetric}. A histogram {@code h} appears as {@code h_median},
     * {@code h_p99}, {@code h_max} and so on.
     */
    public MetricAggregate operatorMetric(String jobId, String suffix)
            throws IOException, InterruptedException {
        int subtasks = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            String base =
                    "/jobs/"
                            + jobId
                            + "/vertices/"
                            + vertex.path("id").asText()
                            + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : get(base)) {
                String id = m.path("id").asText();
                if (id.endsWith("." + suffix) || id.equals(suffix)) {
                    ids.add(id);
                }
            }
            for (String id : ids) {
                for (JsonNode v :
                        get(
                                base
                                        + "?agg=min,max,sum&get="
                                        + URLEncoder.encode(id, StandardCharsets.UTF_8))) {
                    subtasks += vertex.path("parallelism").asInt(1);
                    min = Math.min(min, v.path("min").asDouble());
                    max = Math.max(max, v.path("max").asDouble());
                    sum += v.path("sum").asDouble();
                }
            }
        }
        return subtasks == 0
                ? new MetricAggregate(0, 0, 0, 0)
                : new MetricAggregate(subtasks, min, max, sum);
    }

    /** Whether the job and every one of its vertices are RUNNING. */
    public boolean running(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** Number of completed checkpoints and the size of the latest, in bytes. */
    public record CheckpointStats(
            long completed, long latestSizeBytes, long latestDurationMillis) {}

    public CheckpointStats checkpoints(String jobId) throws IOException, InterruptedException {
        JsonNode c = get("/jobs/" + jobId + "/checkpoints");
        JsonNode latest = c.path("latest").path("completed");
        return new CheckpointStats(
                c.path("counts").path("completed").asLong(),
                latest.path("checkpointed_size").asLong(latest.path("state_size").asLong()),
                latest.path("end_to_end_duration").asLong());
    }

    /**
     * One checkpoint as the job's checkpoint statistics list it: its incremental size (what this
     * checkpoint wrote), full state size, and end-to-end duration.
     */
    public record CheckpointRecord(
            long id, String status, long checkpointedBytes, long stateBytes, long durationMillis) {}

    /** The checkpoints Flink still holds statistics for (the most recent ones, newest first). */
    public List<CheckpointRecord> checkpointHistory(String jobId)
            throws IOException, InterruptedException {
        List<CheckpointRecord> out = new ArrayList<>();
        for (JsonNode c : get("/jobs/" + jobId + "/checkpoints").path("history")) {
            out.add(
                    new CheckpointRecord(
                            c.path("id").asLong(),
                            c.path("status").asText(),
                            c.path("checkpointed_size").asLong(),
                            c.path("state_size").asLong(),
                            c.path("end_to_end_duration").asLong()));
        }
        return out;
    }
}
