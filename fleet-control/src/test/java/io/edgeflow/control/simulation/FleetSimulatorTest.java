package io.edgeflow.control.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.control.scheduling.SchedulingPolicy;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

    private final FleetPlan plan =
            new FleetPlan(FleetScenario.defaults(40, 3).withDurationMillis(60_000));

    @Test
    void everyTaskEndsCompletedFailedOrUnfinished() {
        for (String name : SchedulingPolicy.NAMES) {
            SimulationResult r = new FleetSimulator(plan).run(SchedulingPolicy.named(name));
            assertThat(r.tasks()).isEqualTo(plan.tasks().size());
            assertThat(r.completed() + r.failed() + r.unfinished()).isEqualTo(r.tasks());
            assertThat(r.completionMillis()).hasSize(r.completed());
            assertThat(r.activeEnergyJoules()).isPositive().isLessThan(r.totalEnergyJoules());
        }
    }

    @Test
    void theReportListsEveryPolicyInTableAndCsv() {
        java.util.List<SimulationResult> results = new java.util.ArrayList<>();
        for (String name : SchedulingPolicy.NAMES) {
            results.add(new FleetSimulator(plan).run(SchedulingPolicy.named(name)));
        }
        SimulationReport report = new SimulationReport(results);
        String[] csv = report.csv().split("\n");
        assertThat(csv).hasSize(1 + SchedulingPolicy.NAMES.size());
        for (int i = 0; i < results.size(); i++) {
            assertThat(csv[i + 1])
                    .startsWith(
                            "3,"
                                    + results.get(i).policy()
                                    + ","
                                    + results.get(i).tasks()
                                    + ","
                                    + results.get(i).completed()
                                    + ",");
        }
        assertThat(report.table().lines()).hasSize(1 + SchedulingPolicy.NAMES.size());
    }

    @Test
    void crashedNodesHaveTheirTasksMovedAndLostOnesCounted() {
        // every node crashes about every two minutes and stays down at least 30 s
        FleetScenario s = FleetScenario.defaults(40, 11).withDurationMillis(120_000);
        FleetScenario flaky =
                new FleetScenario(
                        s.nodes(),
                        s.seed(),
                        s.durationMillis(),
                        s.load(),
                        s.heartbeatIntervalMillis(),
                        s.heartbeatLoss(),
                        120_000,
                        20_000,
                        30_000,
                        s.rechargeMillis(),
                        s.profiles(),
                        s.workload());
        FleetPlan flakyPlan = new FleetPlan(flaky);
        assertThat(flakyPlan.nodes()).anyMatch(n -> !n.crashes().isEmpty());
        for (String name : SchedulingPolicy.NAMES) {
            SimulationResult r = new FleetSimulator(flakyPlan).run(SchedulingPolicy.named(name));
            assertThat(r.reassigned()).as(name).isPositive();
            assertThat(r.completed() + r.failed() + r.unfinished()).isEqualTo(r.tasks());
            // a task is moved at most once, so there are never more moves than tasks
            assertThat(r.reassigned()).isLessThanOrEqualTo(r.tasks());
        }
    }

    @Test
    void aRunIsAFunctionOfScenarioAndPolicy() {
        SimulationResult a = new FleetSimulator(plan).run(SchedulingPolicy.named("latency"));
        SimulationResult b =
                new FleetSimulator(new FleetPlan(plan.scenario()))
                        .run(SchedulingPolicy.named("latency"));
        assertThat(b.completionMillis()).containsExactly(a.completionMillis());
        assertThat(b.activeEnergyJoules()).isEqualTo(a.activeEnergyJoules());
    }
}
