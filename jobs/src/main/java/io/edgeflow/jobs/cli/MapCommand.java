package io.edgeflow.jobs.cli;

import io.edgeflow.jobs.map.MapFeed;
import io.edgeflow.jobs.map.MapServer;
import io.edgeflow.jobs.map.MapStore;
import io.edgeflow.protocol.Topics;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeflow map}: the live merged map in a browser. */
@Command(
        name = "map",
        mixinStandardHelpOptions = true,
        description = {
            "Serve a live map page on localhost: the merged occupancy map (newest version of each"
                    + " tile from edgeflow.map.tiles) and every robot's trajectory (from"
                    + " edgeflow.poses.global), updated as they arrive. Runs until Ctrl-C."
        })
public final class MapCommand implements Callable<Integer> {

    @Option(
            names = {"--bootstrap-servers", "--bootstrap"},
            defaultValue = "127.0.0.1:9092",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(
            names = "--port",
            defaultValue = "8088",
            description = "port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 for a free one)")
    int port;

    @Option(
            names = "--group",
            description = "the map group (site / fleet id) to show; default: tiles of every group")
    String group;

    @Option(
            names = "--poses-topic",
            defaultValue = Topics.POSES_GLOBAL,
            description =
                    "where trajectories come from (default ${DEFAULT-VALUE}; edgeflow.poses shows"
                            + " each robot's local SLAM poses in its own frame)")
    String posesTopic;

    @Override
    public Integer call() throws Exception {
        MapStore store = new MapStore(group);
        CountDownLatch stopped = new CountDownLatch(1);
        try (MapFeed feed =
                        new MapFeed(bootstrapServers, Topics.MAP_TILES, posesTopic, store).start();
                MapServer server = MapServer.start(store, port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            System.out.printf(
                    "live map at %s (tiles from %s%s, poses from %s on %s); Ctrl-C stops%n",
                    server.url(),
                    Topics.MAP_TILES,
                    group == null ? "" : ", group " + group,
                    posesTopic,
                    bootstrapServers);
            stopped.await();
        }
        return 0;
    }
}
