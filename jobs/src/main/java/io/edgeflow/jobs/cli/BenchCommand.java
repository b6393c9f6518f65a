package io.edgeflow.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the benchmarks: each measures against a baseline in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks; each prints a table and ends with a parseable RESULT line.",
        subcommands = {
            BenchPgoCommand.class,
            BenchInferenceCommand.class,
            BenchAgentCommand.class,
            BenchControlCommand.class,
            BenchMultiRobotCommand.class,
            BenchSlamCommand.class,
            BenchFleetCommand.class
        })
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
