package io.edgeflow.jobs.cluster;

import java.io.IOException;
import java.util.List;

/** Submitting a catalogued job to a session cluster: upload the job jar, then run it. */
public final class JobSubmission {
    private JobSubmission() {}

    /** Returns the job id. */
    public static String submit(
            FlinkSessionRest flink,
            JobCatalog.JobSpec job,
            String bootstrapServers,
            List<String> extraArgs,
            int parallelism,
            String fromSavepoint)
            throws IOException, InterruptedException {
        String jarId = flink.uploadJar(ProjectClasspath.jobJar());
        return flink.runJar(
                jarId,
                job.entryClass(),
                job.programArgs(bootstrapServers, extraArgs),
                parallelism,
                fromSavepoint);
    }
}
