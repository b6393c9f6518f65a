package io.edgeflow.jobs.cli;

import io.edgeflow.jobs.cluster.FlinkSessionRest;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgeflow savepoint JOB_ID [--stop]}: trigger a savepoint through the REST API. */
@Command(
        name = "savepoint",
        mixinStandardHelpOptions = true,
        description = "Take a savepoint of a running job; with --stop, stop the job with it.")
public final class SavepointCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "job id")
    String jobId;

    @Option(
            names = "--stop",
            description = "stop the job after the savepoint (stop-with-savepoint)")
    boolean stop;

    @Option(
            names = "--dir",
            description = "target directory (default: the cluster's savepoint dir)")
    String dir;

    @Mixin ClusterTarget cluster;

    @Override
    public Integer call() throws Exception {
        String rest = cluster.restUrl();
        String location =
                new FlinkSessionRest(rest).savepoint(jobId, dir, stop, Duration.ofMinutes(5));
        System.out.println("savepoint " + location);
        if (stop) {
            System.out.println(
                    "job "
                            + jobId
                            + " stopped; resume with"
                            + " ./edgeflow submit JOB --from-savepoint "
                            + location);
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SavepointCommand()).execute(args));
    }
}
