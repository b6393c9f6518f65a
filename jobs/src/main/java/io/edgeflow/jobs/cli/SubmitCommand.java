package io.edgeflow.jobs.cli;

import io.edgeflow.jobs.cluster.FlinkSessionRest;
import io.edgeflow.jobs.cluster.JobCatalog;
import io.edgeflow.jobs.cluster.JobSubmission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgeflow submit JOB}: upload the job jar to a session cluster's REST API and run it. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description =
                "Upload the job jar through the Flink REST API (/jars/upload, /jars/:id/run) and run"
                        + " JOB on a session cluster: the local one (`cluster up`) unless --rest is"
                        + " given. Arguments after -- go to the job.")
public final class SubmitCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            description = "job: ${COMPLETION-CANDIDATES}",
            completionCandidates = JobNames.class)
    String job;

    @Parameters(index = "1..*", description = "extra job arguments (after --)")
    List<String> jobArgs = new ArrayList<>();

    @Option(
            names = "--parallelism",
            defaultValue = "0",
            description = "job parallelism (default: the cluster's)")
    int parallelism;

    @Option(
            names = "--from-savepoint",
            description = "start from this savepoint (or retained checkpoint)")
    String fromSavepoint;

    @Option(
            names = "--bootstrap-servers",
            description = "Kafka for the job (default: the local cluster's broker)")
    String bootstrapServers;

    @Mixin ClusterTarget cluster;

    static final class JobNames extends ArrayList<String> {
        JobNames() {
            super(JobCatalog.all().stream().map(JobCatalog.JobSpec::name).toList());
        }
    }

    @Override
    public Integer call() throws Exception {
        String rest = cluster.restUrl();
        String bootstrap =
                bootstrapServers != null
                        ? bootstrapServers
                        : cluster.localCluster().bootstrapServers();
        FlinkSessionRest flink = new FlinkSessionRest(rest);
        String jobId =
                JobSubmission.submit(
                        flink,
                        JobCatalog.named(job),
                        bootstrap,
                        jobArgs,
                        parallelism,
                        fromSavepoint);
        System.out.println("job id  " + jobId);
        System.out.println("web UI  " + flink.jobPage(jobId));
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SubmitCommand()).execute(args));
    }
}
