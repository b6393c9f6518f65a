package io.edgeflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeflow.jobs.runtime.ProjectHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard and the alert rules in k8s/manifests/monitoring reference only metrics that
 * the running job really exports: checked against a scrape of every Flink process's Prometheus
 * reporter (ports 9249-9269 on loopback and, for edge nodes, on each namespace's address).
 */
final class DashboardMetrics {
    private static final Pattern NAME_REGEX = Pattern.compile("__name__=~\"([^\"]+)\"");
    private static final Pattern PLAIN_NAME = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    /**
     * Metrics that only one job's estimator exports (name prefix → job): checked when that job
     * runs, skipped while the other runs. Everything else every edgeflow frame job exports.
     */
    static final Map<String, String> JOB_ONLY =
            Map.of(
                    "flink_taskmanager_job_task_operator_edgeflow_slam_", "slam",
                    "flink_taskmanager_job_task_operator_edgeflow_duplicateFrames", "ingest",
                    "flink_taskmanager_job_task_operator_edgeflow_posesEmitted", "ingest",
                    "flink_taskmanager_job_task_operator_edgeflow_sequenceGaps", "ingest");

    private DashboardMetrics() {}

    /** Asserts; returns how many metric names and name patterns were checked. */
    static int assertAllExported(JobCatalog.JobSpec running, List<String> hosts) throws Exception {
        Set<String> exported = scrape(hosts);
        Set<String> missing = new TreeSet<>();
        int checked = check(running, exported, missing);
        assertThat(missing)
                .as(
                        "metrics the dashboard/alerts use but no Flink process running %s exports"
                                + " (%d exported)",
                        running.name(), exported.size())
                .isEmpty();
        return checked;
    }

    static Set<String> missing(JobCatalog.JobSpec running, List<String> hosts) throws Exception {
        Set<String> missing = new TreeSet<>();
        check(running, scrape(hosts), missing);
        return missing;
    }

    private static boolean otherJobs(String metric, JobCatalog.JobSpec running) {
        return JOB_ONLY.entrySet().stream()
                .anyMatch(
                        e -> metric.startsWith(e.getKey()) && !e.getValue().equals(running.name()));
    }

    private static int check(JobCatalog.JobSpec running, Set<String> exported, Set<String> missing)
            throws Exception {
        Path monitoring = ProjectHome.locate().resolve("k8s/manifests/monitoring");
        JsonNode dashboard =
                new ObjectMapper().readTree(monitoring.resolve("grafana-dashboard.json").toFile());
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        for (String line : Files.readAllLines(monitoring.resolve("prometheusrule.yaml"))) {
            if (line.trim().startsWith("expr:")) {
                exprs.add(line.trim().substring("expr:".length()));
            }
        }
        int checked = 0;
        for (String expr : exprs) {
            Matcher regexes = NAME_REGEX.matcher(expr);
            while (regexes.find()) {
                if (otherJobs(regexes.group(1), running)) {
                    continue;
                }
                Pattern p = Pattern.compile(regexes.group(1));
                checked++;
                if (exported.stream().noneMatch(n -> p.matcher(n).matches())) {
                    missing.add("__name__=~" + regexes.group(1));
                }
            }
            Matcher names = PLAIN_NAME.matcher(NAME_REGEX.matcher(expr).replaceAll(""));
            while (names.find()) {
                if (otherJobs(names.group(), running)) {
                    continue;
                }
                checked++;
                if (!exported.contains(names.group())) {
                    missing.add(names.group());
                }
            }
        }
        return checked;
    }

    /** Metric names from the reporter port range on each host. */
    static Set<String> scrape(List<String> hosts) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> names = new TreeSet<>();
        for (String host : hosts) {
            for (int port = PrometheusServer.FIRST_REPORTER_PORT;
                    port <= PrometheusServer.LAST_REPORTER_PORT;
                    port++) {
                try {
                    HttpResponse<String> r =
                            http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://"
                                                                    + host
                                                                    + ":"
                                                                    + port
                                                                    + "/metrics"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    for (String line : r.body().split("\n")) {
                        if (!line.isBlank() && !line.startsWith("#")) {
                            int end =
                                    line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                            names.add(line.substring(0, end));
                        }
                    }
                } catch (java.net.ConnectException e) {
                    // No reporter on this port of the range.
                }
            }
        }
        return names;
    }
}
