package io.edgeflow.slam.posegraph;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays a graph pose by pose into an {@link IncrementalSolver}: pose k arrives with every edge to
 * the poses before it (the first such edge places it), then the solver updates. Measures what the
 * SLAM operators pay per loop closure.
 */
public final class IncrementalReplay {
    private IncrementalReplay() {}

    /**
     * Per-update wall times (ms, one per pose after the first), the graph after the last update,
     * and the final refinement to the tight tolerance ({@link IncrementalSolver#refine}).
     */
    public record Outcome(
            PoseGraph graph,
            double[] updateMillis,
            int solves,
            double chi2AfterLastUpdate,
            OptimizationResult refinement) {}

    public static Outcome run(PoseGraph source, SolverOptions options) {
        int n = source.poseCount();
        List<List<BetweenFactor>> arriving = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            arriving.add(new ArrayList<>());
        }
        for (BetweenFactor f : source.betweenFactors()) {
            arriving.get(Math.max(f.from(), f.to())).add(f);
        }
        PoseGraph graph = new PoseGraph(source.space());
        int s = source.space().stride;
        graph.ensurePose(source.id(0));
        System.arraycopy(source.state(), 0, graph.state(), 0, s);
        IncrementalSolver solver = new IncrementalSolver(graph, options);
        double[] millis = new double[Math.max(0, n - 1)];
        double[] inverse = new double[s];
        int solves = 0;
        for (int k = 1; k < n; k++) {
            long t0 = System.nanoTime();
            long id = source.id(k);
            boolean placed = false;
            for (BetweenFactor f : arriving.get(k)) {
                long from = source.id(f.from()), to = source.id(f.to());
                if (!placed) {
                    if (f.to() == k) {
                        solver.addPose(id, from, f.measured(), f.information());
                    } else { // edge k→earlier: place k by the inverse measurement
                        source.space().invert(f.measured(), 0, inverse, 0);
                        solver.addPose(id, to, inverse.clone(), f.information());
                        // the graph keeps the original direction of the measurement
                        graph.replaceLastBetween(
                                new BetweenFactor(
                                        graph.index(from),
                                        graph.index(to),
                                        f.measured(),
                                        f.information()));
                    }
                    placed = true;
                } else {
                    solver.addEdge(from, to, f.measured(), f.information());
                }
            }
            if (!placed) {
                throw new IllegalArgumentException(
                        "pose " + id + " has no edge to an earlier pose: cannot replay");
            }
            if (solver.update().iterations() > 0) {
                solves++;
            }
            millis[k - 1] = (System.nanoTime() - t0) / 1e6;
        }
        double chi2 = PoseGraphSolver.chi2(graph);
        OptimizationResult refinement = solver.refine();
        return new Outcome(graph, millis, solves, chi2, refinement);
    }
}
