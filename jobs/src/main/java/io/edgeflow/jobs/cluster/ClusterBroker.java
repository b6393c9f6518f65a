package io.edgeflow.jobs.cluster;

import io.edgeflow.kafka.KraftBroker;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local cluster's Kafka broker process: {@code ClusterBroker WORK_DIR PORT LISTEN_HOST}. Like
 * KraftBroker's own main, but the client listener binds LISTEN_HOST — 0.0.0.0 when TaskManagers sit
 * in network namespaces and reach it through the root namespace's cluster address — while it keeps
 * advertising 127.0.0.1:PORT. Inside a TaskManager's namespace that address is the edge link (a
 * LinkEmulator on the namespace's loopback), so every Kafka connection of the TaskManager crosses
 * the emulated link, and the root namespace's clients reach the broker directly.
 */
public final class ClusterBroker {
    private ClusterBroker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ClusterBroker WORK_DIR PORT LISTEN_HOST");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        int controllerPort = LocalFlinkCluster.freePort();
        KraftBroker broker =
                KraftBroker.start(
                        Path.of(args[0]),
                        port,
                        Map.of(
                                "listeners",
                                "PLAINTEXT://"
                                        + args[2]
                                        + ":"
                                        + port
                                        + ",CONTROLLER://127.0.0.1:"
                                        + controllerPort,
                                "controller.quorum.voters",
                                "1@127.0.0.1:" + controllerPort));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.out.println("READY " + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
