package io.edgeflow.agent.replay;

import io.edgeflow.protocol.carmen.CarmenRecord;
import java.util.List;

/**
 * One robot's share of a log: its name and its records in time order, odometry and laser poses
 * re-based so the robot starts at its own origin.
 */
public record RobotLog(String robotName, List<CarmenRecord> records) {
    public double startTime() {
        return records.isEmpty() ? 0 : records.get(0).timestamp();
    }

    public double duration() {
        return records.isEmpty() ? 0 : records.get(records.size() - 1).timestamp() - startTime();
    }
}
