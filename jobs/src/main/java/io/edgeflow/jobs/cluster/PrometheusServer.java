package io.edgeflow.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Prometheus server (Debian's {@code prometheus} package) scraping the Prometheus reporter of
 * every Flink process of the local cluster: each takes the first free port of
 * metrics.reporter.prom.port (9249-9269), so all of them are targets.
 */
final class PrometheusServer {
    static final int FIRST_REPORTER_PORT = 9249;
    static final int LAST_REPORTER_PORT = 9269;

    private PrometheusServer() {}

    /** Scrapes the reporter port range on each host (loopback, and each edge node's address). */
    static ClusterProcess start(Path work, int port, List<String> hosts) throws IOException {
        Path binary = locate();
        Path dir = Files.createDirectories(work.resolve("prometheus"));
        StringBuilder targets = new StringBuilder();
        for (String host : hosts) {
            for (int p = FIRST_REPORTER_PORT; p <= LAST_REPORTER_PORT; p++) {
                targets.append(targets.isEmpty() ? "" : ", ")
                        .append("'")
                        .append(host)
                        .append(":")
                        .append(p)
                        .append("'");
            }
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: flink\n"
                        + "    static_configs:\n      - targets: ["
                        + targets
                        + "]\n");
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add("--config.file=" + config);
        cmd.add("--storage.tsdb.path=" + dir.resolve("data"));
        cmd.add("--web.listen-address=127.0.0.1:" + port);
        return LocalFlinkCluster.launch("prometheus", work, cmd);
    }

    static Path locate() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path c = Path.of(d, "prometheus");
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        throw new IllegalStateException(
                "prometheus is not on the PATH: install Debian's package (apt-get install prometheus)");
    }
}
