package io.edgeflow.control.simulation;

import io.edgeflow.control.scheduling.PriorityClass;
import java.util.List;
import java.util.Set;

/**
 * A kind of task in the simulated workload.
 *
 * @param share fraction of arrivals of this kind
 * @param localToRobot the input is produced on a robot, which the task names as locality hint
 * @param criticalShare fraction of this kind's tasks marked CRITICAL
 */
public record TaskKind(
        String name,
        double share,
        int cpuCores,
        long memoryMb,
        int gpus,
        Set<String> requiredCapabilities,
        PriorityClass priority,
        double criticalShare,
        double workMillis,
        long inputBytes,
        long deadlineMillis,
        boolean localToRobot) {

    public static final List<TaskKind> DEFAULT_WORKLOAD =
            List.of(
                    new TaskKind(
                            "detect",
                            0.50,
                            1,
                            512,
                            0,
                            Set.of(),
                            PriorityClass.NORMAL,
                            0.05,
                            40,
                            200_000,
                            500,
                            true),
                    new TaskKind(
                            "map-merge",
                            0.20,
                            2,
                            2_048,
                            0,
                            Set.of(),
                            PriorityClass.NORMAL,
                            0,
                            400,
                            2_000_000,
                            5_000,
                            false),
                    new TaskKind(
                            "analytics",
                            0.10,
                            4,
                            4_096,
                            0,
                            Set.of(),
                            PriorityClass.BATCH,
                            0,
                            3_000,
                            10_000_000,
                            60_000,
                            false),
                    new TaskKind(
                            "gpu-inference",
                            0.10,
                            1,
                            2_048,
                            1,
                            Set.of("gpu"),
                            PriorityClass.NORMAL,
                            0,
                            100,
                            500_000,
                            1_000,
                            true),
                    new TaskKind(
                            "telemetry",
                            0.10,
                            1,
                            64,
                            0,
                            Set.of(),
                            PriorityClass.NORMAL,
                            0,
                            5,
                            10_000,
                            200,
                            false));

    /** Mean of work times cores over a workload: the reference core-milliseconds per task. */
    public static double meanCoreMillis(List<TaskKind> kinds) {
        double total = 0;
        for (TaskKind k : kinds) {
            total += k.share * k.workMillis * k.cpuCores;
        }
        return total;
    }
}
