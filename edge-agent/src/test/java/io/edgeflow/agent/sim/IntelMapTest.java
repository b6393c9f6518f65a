package io.edgeflow.agent.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeflow.protocol.Pose2;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bundled map the simulator defaults to: robots tour it, and their scans look like a lab's. */
class IntelMapTest {
    private static final Path MAP = Path.of("..", "data", "maps", "intel.yaml");

    @Test
    void robotsTourTheIntelLabOnFreeCellsAndSeeWallsAroundThem() throws Exception {
        OccupancyMap map = OccupancyMapFile.read(MAP);
        FleetSimulator sim = new FleetSimulator(map, FleetSimulator.Settings.defaults(10, 10));
        RayCaster caster = new RayCaster(map);
        LaserModel laser = LaserModel.sickLms(180);
        SplittableRandom noise = new SplittableRandom(1);
        long beams = 0;
        long returns = 0;
        for (int step = 0; step < 600; step++) {
            for (VirtualRobot robot : sim.robots()) {
                Pose2 p = robot.step(0.1);
                assertTrue(
                        map.free(map.cellX(p.x()), map.cellY(p.y())),
                        robot.name() + " left free space at " + p);
                if (step % 50 == 0) {
                    for (float r : laser.scan(caster, p.x(), p.y(), p.theta(), noise)) {
                        beams++;
                        returns += Float.isFinite(r) ? 1 : 0;
                    }
                }
            }
        }
        double metres = sim.robots().stream().mapToDouble(VirtualRobot::distance).sum();
        assertTrue(metres > 10 * 20, "10 robots drove only " + metres + " m in 60 s");
        // indoors, most beams hit a wall within 30 m; some leave through doors and gaps
        assertTrue(returns > 0.8 * beams, returns + " of " + beams + " beams returned");
    }
}
