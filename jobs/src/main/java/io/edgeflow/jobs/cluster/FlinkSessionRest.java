package io.edgeflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Job control through a Flink session cluster's REST API, the way `flink run`/`flink savepoint` and
 * the web UI do it: upload a jar, run it, take savepoints, stop and cancel. (Metrics and checkpoint
 * statistics are in {@link io.edgeflow.jobs.runtime.FlinkRest}.)
 */
public final class FlinkSessionRest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public FlinkSessionRest(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The web UI page of a job. */
    public String jobPage(String jobId) {
        return baseUrl + "/#/job/running/" + jobId + "/overview";
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET(), 200);
    }

    /** True once the REST endpoint answers. */
    public boolean reachable() {
        try {
            get("/overview");
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int registeredTaskManagers() throws IOException, InterruptedException {
        return get("/taskmanagers").path("taskmanagers").size();
    }

    /**
     * The cluster's parallelism.default. A jar run without a parallelism gets Flink's built-in 1,
     * not the configured default (the REST handler reads the option's default value).
     */
    public int defaultParallelism() throws IOException, InterruptedException {
        for (JsonNode entry : get("/jobmanager/config")) {
            if (entry.path("key").asText().equals("parallelism.default")) {
                return Integer.parseInt(entry.path("value").asText().trim());
            }
        }
        return 1;
    }

    /** Uploads a job jar (POST /jars/upload, multipart field "jarfile"); returns the jar id. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "edgeflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode r =
                send(
                        HttpRequest.newBuilder(uri("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .timeout(Duration.ofMinutes(2))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                        200);
        String file = r.path("filename").asText();
        // The id is the stored file's name, e.g. 5f6…_jobs-0.1.0-SNAPSHOT-job.jar.
        return Path.of(file).getFileName().toString();
    }

    /**
     * Runs an uploaded jar (POST /jars/:id/run); returns the job id.
     *
     * @param parallelism 0 for the cluster's default
     * @param savepointPath null to start without state
     */
    public String runJar(
            String jarId,
            String entryClass,
            List<String> programArgs,
            int parallelism,
            String savepointPath)
            throws IOException, InterruptedException {
        ObjectNode req = json.createObjectNode().put("entryClass", entryClass);
        programArgs.forEach(req.putArray("programArgsList")::add);
        if (parallelism > 0) {
            req.put("parallelism", parallelism);
        }
        if (savepointPath != null) {
            req.put("savepointPath", savepointPath).put("allowNonRestoredState", false);
        }
        JsonNode r =
                send(
                        HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofMinutes(3))
                                .POST(HttpRequest.BodyPublishers.ofString(req.toString())),
                        200);
        return r.path("jobid").asText();
    }

    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** All vertices of the job have all their subtasks RUNNING (not just the job status). */
    public boolean allTasksRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (!v.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Takes a savepoint; with {@code stop}, stops the job after it (stop-with-savepoint, which
     * commits the sinks' last transactions). Returns the savepoint's location once complete.
     *
     * @param targetDirectory null for the cluster's execution.checkpointing.savepoint-dir
     */
    public String savepoint(String jobId, String targetDirectory, boolean stop, Duration timeout)
            throws IOException, InterruptedException {
        ObjectNode req = json.createObjectNode();
        String path;
        if (stop) {
            path = "/jobs/" + jobId + "/stop";
            req.put("drain", false);
            if (targetDirectory != null) {
                req.put("targetDirectory", targetDirectory);
            }
        } else {
            path = "/jobs/" + jobId + "/savepoints";
            req.put("cancel-job", false);
            if (targetDirectory != null) {
                req.put("target-directory", targetDirectory);
            }
        }
        JsonNode trigger =
                send(
                        HttpRequest.newBuilder(uri(path))
                                .header("Content-Type", "application/json")
                                .timeout(TIMEOUT)
                                .POST(HttpRequest.BodyPublishers.ofString(req.toString())),
                        202);
        String requestId = trigger.path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + requestId);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = status.path("operation");
                if (op.has("failure-cause")) {
                    throw new IOException(
                            "savepoint of " + jobId + " failed: " + op.path("failure-cause"));
                }
                return op.path("location").asText();
            }
            Thread.sleep(250);
        }
        throw new IOException("savepoint of " + jobId + " not complete within " + timeout);
    }

    /** Cancels a job (PATCH /jobs/:id?mode=cancel). */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(
                HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                        .timeout(TIMEOUT)
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()),
                202);
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private JsonNode send(HttpRequest.Builder request, int expectedStatus)
            throws IOException, InterruptedException {
        HttpRequest r = request.build();
        HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IOException(
                    r.method()
                            + " "
                            + r.uri().getPath()
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        String body = response.body();
        return body.isBlank() ? json.createObjectNode() : json.readTree(body);
    }
}
