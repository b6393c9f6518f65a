package io.edgeflow.slam.posegraph;

import io.edgeflow.slam.geometry.SE2;
import io.edgeflow.slam.geometry.SE3;

/**
 * Keeps a solved pose graph and re-solves it warm as poses and edges arrive, the way the SLAM
 * operators use it: {@link #addPose} places a new pose by composing a measurement from a known pose
 * (and adds that edge); {@link #addEdge} adds a loop closure; {@link #update} re-optimizes from the
 * current poses.
 *
 * <p>A pose placed by composing its only edge leaves every residual at its previous value, so the
 * previous optimum stays optimal: {@link #update} then returns at once. Only loop closures (edges
 * that close a cycle) trigger a solve, which starts from the previous optimum and so converges in a
 * few iterations.
 */
public final class IncrementalSolver {
    private final PoseGraph graph;
    private final LevenbergMarquardt solver;
    private final LevenbergMarquardt refiner;
    private boolean dirty;

    /**
     * @param options settings of each warm update; a streaming caller typically loosens the
     *     relative cost tolerance (1e-6), and calls {@link #refine} when it needs the exact optimum
     */
    public IncrementalSolver(PoseGraph graph, SolverOptions options) {
        this.graph = graph;
        this.solver = new LevenbergMarquardt(options);
        this.refiner =
                new LevenbergMarquardt(
                        options.withRelativeCostTolerance(
                                Math.min(
                                        options.relativeCostTolerance(),
                                        SolverOptions.defaults().relativeCostTolerance())));
        this.dirty = graph.edgeCount() > 0;
    }

    /** Solves to the default (tight) tolerance from the current poses, e.g. before a map export. */
    public OptimizationResult refine() {
        dirty = false;
        return refiner.optimize(graph);
    }

    public PoseGraph graph() {
        return graph;
    }

    /** Adds pose {@code id} at X_from·Z and the edge from→id carrying Z. */
    public void addPose(long id, long from, SE2 measured, double[] information) {
        addPose(id, from, PoseGraph.flat(measured), information);
    }

    /** Adds pose {@code id} at X_from·Z and the edge from→id carrying Z. */
    public void addPose(long id, long from, SE3 measured, double[] information) {
        addPose(id, from, PoseGraph.flat(measured), information);
    }

    /** Adds a loop closure (or any edge between known poses); the next update re-solves. */
    public void addEdge(long from, long to, SE2 measured, double[] information) {
        addEdge(from, to, PoseGraph.flat(measured), information);
    }

    public void addEdge(long from, long to, SE3 measured, double[] information) {
        addEdge(from, to, PoseGraph.flat(measured), information);
    }

    /** Re-solves warm if anything but new leaf poses arrived since the last update. */
    public OptimizationResult update() {
        if (!dirty) {
            return new OptimizationResult(0, 0, 0, StopReason.CONVERGED_GRADIENT, 0);
        }
        OptimizationResult r = solver.optimize(graph);
        dirty = false;
        return r;
    }

    void addPose(long id, long from, double[] measured, double[] information) {
        PoseSpace space = graph.space();
        int i = graph.ensurePose(id);
        int f = graph.index(from);
        double[] x = graph.state();
        space.compose(x, f * space.stride, measured, 0, x, i * space.stride);
        graph.addBetween(from, id, measured, information);
    }

    void addEdge(long from, long to, double[] measured, double[] information) {
        graph.addBetween(from, to, measured, information);
        dirty = true;
    }
}
