package io.edgeflow.jobs.cluster;

import java.io.IOException;
import java.util.List;

/** Submitting a catalogued job to a session cluster: upload the job jar, then run it. */
public final class JobSubmission {
    private JobSubmission() {}

    /**
     * Returns the job id.
     *
     * @param parallelism 0 for the cluster's parallelism.default
     */
    public static String submit(
            FlinkSessionRest flink,
            JobCatalog.JobSpec job,
            String bootstrapServers,
            List<String> extraArgs,
            int parallelism,
            String fromSavepoint)
            throws IOException, InterruptedException {
        int p = parallelism > 0 ? parallelism : flink.defaultParallelism();
        String jarId = flink.uploadJar(ProjectClasspath.jobJar());
        return flink.runJar(
                jarId,
                job.entryClass(),
                job.programArgs(bootstrapServers, extraArgs),
                p,
                fromSavepoint);
    }
}
