package io.edgeflow.jobs.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What `cluster up` started, saved as cluster.json in the work dir so that later commands (status,
 * submit, down) find the REST endpoint, the broker and the processes.
 */
public record ClusterState(
        Path workDir,
        String restUrl,
        String bootstrapServers,
        String prometheusUrl,
        List<ClusterProcess> processes) {

    static final String FILE = "cluster.json";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ClusterState {
        processes = List.copyOf(processes);
    }

    public ClusterState with(ClusterProcess p) {
        List<ClusterProcess> all = new ArrayList<>(processes);
        all.add(p);
        return new ClusterState(workDir, restUrl, bootstrapServers, prometheusUrl, all);
    }

    public List<ClusterProcess> taskManagers() {
        return processes.stream().filter(p -> p.role().startsWith("taskmanager")).toList();
    }

    public ClusterProcess process(String role) {
        return processes.stream()
                .filter(p -> p.role().equals(role))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no process " + role));
    }

    public void save() throws IOException {
        JSON.writeValue(workDir.resolve(FILE).toFile(), this);
    }

    public static ClusterState load(Path workDir) throws IOException {
        Path f = workDir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new IOException(
                    "no local cluster in "
                            + workDir
                            + " (no "
                            + FILE
                            + "): start one with `./edgeflow cluster up`");
        }
        return JSON.readValue(f.toFile(), ClusterState.class);
    }
}
