package io.edgeflow.jobs.cli;

import io.edgeflow.jobs.cluster.ClusterState;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The cluster a command talks to: {@code --rest URL} for any Flink session cluster, else the local
 * one that `cluster up` recorded in its work dir.
 */
final class ClusterTarget {
    @Option(
            names = "--rest",
            description = "REST URL of the cluster (default: the local cluster's)")
    String restUrl;

    @Option(
            names = "--work-dir",
            description = "the local cluster's work dir (default out/cluster)")
    Path workDir;

    ClusterState localCluster() throws IOException {
        return ClusterState.load(workDir != null ? workDir : ClusterCommand.defaultWorkDir());
    }

    String restUrl() throws IOException {
        return restUrl != null ? restUrl : localCluster().restUrl();
    }
}
