package io.edgeflow.agent.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeflow.protocol.Pose2;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VirtualRobotTest {
    private static final double RES = 0.05;

    /** Two rooms joined by a 1.2 m door in a wall, and a pillar in the left room. */
    private static OccupancyMap twoRooms() {
        OccupancyMap m = Rooms.box(12, 6, RES);
        m = Rooms.withBlock(m, 6, 0, 6.2, 2.4);
        m = Rooms.withBlock(m, 6, 3.6, 6.2, 6);
        return Rooms.withBlock(m, 2, 2, 3, 3);
    }

    @Test
    void robotsTourTheMapWithoutEverComingCloserToAWallThanTheirRadius() {
        OccupancyMap map = twoRooms();
        Clearance clearance = new Clearance(map);
        RoutePlanner planner = new RoutePlanner(clearance, 0.3);
        boolean[] visitedRoom = new boolean[2];
        double closest = Double.POSITIVE_INFINITY;
        long goals = 0;
        for (int r = 0; r < 4; r++) {
            VirtualRobot robot =
                    new VirtualRobot("r" + r, planner, new SplittableRandom(r), 0.5, 1.0);
            for (int step = 0; step < 3000; step++) {
                Pose2 p = robot.step(0.1);
                int i = map.cellX(p.x());
                int j = map.cellY(p.y());
                assertTrue(map.free(i, j), "robot on a non-free cell at " + p);
                closest = Math.min(closest, clearance.at(i, j));
                visitedRoom[p.x() < 6 ? 0 : 1] = true;
            }
            goals += robot.goals();
            assertTrue(robot.distance() > 60, "drove only " + robot.distance() + " m");
        }
        // the chamfer clearance of a cell is its centre's; a point is within half a diagonal of it
        assertTrue(closest >= 0.3 - RES, "came within " + closest + " m of a wall");
        assertTrue(visitedRoom[0] && visitedRoom[1], "robots never went through the door");
        assertTrue(goals > 20, "only " + goals + " goals");
    }

    @Test
    void routesAreStraightLegsOnNavigableCellsEndingAtTheGoal() {
        OccupancyMap map = twoRooms();
        RoutePlanner planner = new RoutePlanner(new Clearance(map), 0.3);
        var legs = planner.route(1, 1, 10, 5);
        assertTrue(legs.size() >= 2, "the wall needs at least one turn");
        assertTrue(legs.size() < 10, "shortcuts should leave few legs, got " + legs.size());
        double[] last = legs.get(legs.size() - 1);
        assertEquals(10, last[0], 1e-9);
        assertEquals(5, last[1], 1e-9);
        double x = 1;
        double y = 1;
        for (double[] leg : legs) {
            assertTrue(planner.lineOfSight(x, y, leg[0], leg[1]));
            x = leg[0];
            y = leg[1];
        }
        // through the door: some leg point lies in the doorway's band
        assertTrue(legs.stream().anyMatch(p -> Math.abs(p[0] - 6.1) < 1.0));
        assertTrue(planner.route(1, 1, 6.1, 1).isEmpty(), "a goal inside the wall is unreachable");
    }

    @Test
    void odometryDriftsFromTheTruthButFollowsItsShape() {
        OccupancyMap map = twoRooms();
        RoutePlanner planner = new RoutePlanner(new Clearance(map), 0.3);
        VirtualRobot robot = new VirtualRobot("r", planner, new SplittableRandom(3), 0.5, 1.0);
        Pose2 start = robot.truth();
        assertEquals(Pose2.ORIGIN, robot.odometryPose());
        double worst = 0;
        for (int step = 0; step < 600; step++) {
            robot.step(0.1);
            Pose2 truthInStartFrame = start.between(robot.truth());
            Pose2 o = robot.odometryPose();
            worst =
                    Math.max(
                            worst,
                            Math.hypot(
                                    o.x() - truthInStartFrame.x(), o.y() - truthInStartFrame.y()));
        }
        // 60 s at 0.5 m/s: drift of centimetres to a metre or so, never zero
        assertTrue(worst > 0.01, "odometry is exact: " + worst);
        assertTrue(
                worst < 0.1 * robot.distance(),
                "odometry drifted " + worst + " m in " + robot.distance() + " m");
    }
}
