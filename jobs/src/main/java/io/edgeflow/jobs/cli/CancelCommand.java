package io.edgeflow.jobs.cli;

import io.edgeflow.jobs.cluster.FlinkSessionRest;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code edgeflow cancel JOB_ID}: cancel a job through the REST API (no savepoint). */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = "Cancel a job without a savepoint (its retained checkpoints stay).")
public final class CancelCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "job id")
    String jobId;

    @Mixin ClusterTarget cluster;

    @Override
    public Integer call() throws Exception {
        String rest = cluster.restUrl();
        new FlinkSessionRest(rest).cancel(jobId);
        System.out.println("cancelling " + jobId);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CancelCommand()).execute(args));
    }
}
