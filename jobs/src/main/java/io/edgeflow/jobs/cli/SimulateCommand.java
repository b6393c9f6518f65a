package io.edgeflow.jobs.cli;

import io.edgeflow.agent.FrameProducer;
import io.edgeflow.agent.sim.FleetSimulator;
import io.edgeflow.agent.sim.LaserModel;
import io.edgeflow.agent.sim.OccupancyMap;
import io.edgeflow.agent.sim.OccupancyMapFile;
import io.edgeflow.jobs.runtime.ProjectHome;
import io.edgeflow.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeflow simulate}: a fleet of virtual robots producing laser scans and odometry. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "N virtual robots touring an occupancy map, producing LASER_SCAN and ODOMETRY frames to"
                    + " Kafka (key = robot name) at R Hz each: the load generator for scale tests.",
            "Each robot starts at a random free spot with its odometry at its own origin (the"
                    + " robots' relative poses are unknown), drives collision-free routes between"
                    + " random goals, and ray-casts its scans through the map with range noise;"
                    + " its wheel odometry drifts.",
            "(`simulate-fleet` is the control plane's scheduling simulation, unrelated.)"
        })
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--robots", required = true, paramLabel = "N", description = "robots")
    int robots;

    @Option(
            names = "--map",
            paramLabel = "FILE.yaml",
            description =
                    "a ROS map_server map (YAML + PGM/PNG); default data/maps/intel.yaml, the"
                            + " Intel Research Lab as edgeflow's SLAM mapped it")
    Path map;

    @Option(
            names = "--rate",
            defaultValue = "10",
            description = "scans per second per robot (default ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            description =
                    "how long to run, e.g. 90s or 5m (default ${DEFAULT-VALUE}; Ctrl-C stops)")
    String duration;

    @Option(
            names = "--beams",
            defaultValue = "180",
            description = "beams per scan over 180° (default ${DEFAULT-VALUE}, as the Intel log)")
    int beams;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--robot-prefix",
            defaultValue = "sim-",
            description = "robot names are this prefix plus 1..N (default ${DEFAULT-VALUE})")
    String robotPrefix;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "127.0.0.1:9092",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.<String, Object>of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!admin.listTopics().names().get(60, TimeUnit.SECONDS).contains(Topics.FRAMES)) {
                System.err.printf(
                        "simulate: %s has no topic %s; start the runtime first (./edgeflow demo"
                                + " --keep-running, or ./edgeflow cluster up)%n",
                        bootstrapServers, Topics.FRAMES);
                return 2;
            }
        }
        Path mapFile = map != null ? map : ProjectHome.data("maps/intel.yaml");
        OccupancyMap grid = OccupancyMapFile.read(mapFile);
        FleetSimulator sim =
                new FleetSimulator(grid, settings(robots, rate, beams, seed, robotPrefix));
        System.out.printf(
                Locale.ROOT,
                "%d robots on %s (%.1f × %.1f m) at %.0f Hz for %s → %s%n",
                robots,
                mapFile.getFileName(),
                grid.widthMetres(),
                grid.heightMetres(),
                rate,
                duration,
                bootstrapServers);
        // Ctrl-C ends the run at the next tick; the hook waits for the frames sent to be flushed
        CountDownLatch flushed = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            sim.stop();
                            try {
                                flushed.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        Runtime.getRuntime().addShutdownHook(hook);
        FleetSimulator.Result r;
        try (FrameProducer producer = new FrameProducer(bootstrapServers, Topics.FRAMES)) {
            r = sim.run(producer, parseDuration(duration));
        } finally {
            flushed.countDown();
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT robots=%d rate_hz=%.1f scans=%d frames=%d mb=%.1f seconds=%.1f"
                        + " scans_per_s=%.1f max_lag_ms=%.1f metres=%.0f%n",
                robots,
                rate,
                r.scans(),
                r.frames(),
                r.bytes() / 1e6,
                r.seconds(),
                r.scansPerSecond(),
                r.maxLagMillis(),
                r.metres());
        return 0;
    }

    static FleetSimulator.Settings settings(
            int robots, double rate, int beams, long seed, String prefix) {
        FleetSimulator.Settings d = FleetSimulator.Settings.defaults(robots, rate);
        return new FleetSimulator.Settings(
                robots,
                rate,
                LaserModel.sickLms(beams),
                d.speed(),
                d.turnRate(),
                d.robotRadius(),
                seed,
                prefix);
    }

    static Duration parseDuration(String text) {
        return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }
}
