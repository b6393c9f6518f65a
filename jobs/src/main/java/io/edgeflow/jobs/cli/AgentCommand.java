package io.edgeflow.jobs.cli;

import io.edgeflow.agent.source.EdgeAgent;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeflow agent --node NAME --config FILE}: the edge agent daemon (docs/edge-agent.md). */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description =
                "Run the edge agent: take frames from the configured sources, keep them in the"
                        + " durable outbox and deliver them to Kafka over the best live channel.")
public final class AgentCommand implements Callable<Integer> {
    @Option(
            names = "--node",
            required = true,
            description = "This node's name (its heartbeats' key).")
    String node;

    @Option(names = "--config", required = true, description = "The agent's properties file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        return EdgeAgent.run(node, config);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentCommand()).execute(args));
    }
}
