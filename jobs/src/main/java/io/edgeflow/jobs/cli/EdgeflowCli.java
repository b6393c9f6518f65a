package io.edgeflow.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgeflow} command line: ./edgeflow at the repository root runs this. */
@Command(
        name = "edgeflow",
        mixinStandardHelpOptions = true,
        version = "edgeflow 0.1.0",
        description = "Stream processing for robot and sensor fleets at the edge (Kafka + Flink).",
        subcommands = {
            DemoCommand.class,
            ReplayCommand.class,
            SlamCommand.class,
            CollabCommand.class,
            MapCommand.class,
            PgoCommand.class,
            AgentCommand.class,
            SimulateCommand.class,
            SimulateFleetCommand.class,
            ClusterCommand.class,
            SubmitCommand.class,
            SavepointCommand.class,
            CancelCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class EdgeflowCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new EdgeflowCli()).execute(args);
        System.exit(code);
    }
}
