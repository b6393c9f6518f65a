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
 *
 * @param clusterAddress null when everything runs on loopback; with edge nodes, the root
 *     namespace's address that the JobManager and the broker listen on for the namespaces
 * @param edgeNodes the TaskManagers that run in network namespaces (empty on loopback)
 */
public record ClusterState(
        Path workDir,
        String restUrl,
        String bootstrapServers,
        String prometheusUrl,
        List<ClusterProcess> processes,
        String clusterAddress,
        List<EdgeNode> edgeNodes) {

    static final String FILE = "cluster.json";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ClusterState {
        processes = List.copyOf(processes);
        edgeNodes = edgeNodes == null ? List.of() : List.copyOf(edgeNodes);
    }

    public ClusterState with(ClusterProcess p) {
        List<ClusterProcess> all = new ArrayList<>(processes);
        all.add(p);
        return new ClusterState(
                workDir, restUrl, bootstrapServers, prometheusUrl, all, clusterAddress, edgeNodes);
    }

    public ClusterState with(ClusterProcess p, EdgeNode node) {
        List<EdgeNode> nodes = new ArrayList<>(edgeNodes);
        nodes.add(node);
        return new ClusterState(
                        workDir,
                        restUrl,
                        bootstrapServers,
                        prometheusUrl,
                        processes,
                        clusterAddress,
                        nodes)
                .with(p);
    }

    public java.util.Optional<EdgeNode> edgeNode(String taskManager) {
        return edgeNodes.stream().filter(n -> n.taskManager().equals(taskManager)).findFirst();
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
