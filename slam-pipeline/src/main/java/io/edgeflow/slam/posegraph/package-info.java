/**
 * Pose-graph optimization on SE(2) and SE(3).
 *
 * <p>Build a graph and solve it:
 *
 * <pre>{@code
 * PoseGraph g = PoseGraph.planar();                 // or PoseGraph.spatial()
 * g.addPose(0, SE2.IDENTITY);
 * g.addPose(1, new SE2(1, 0, 0));                   // initial guess
 * g.addBetween(0, 1, new SE2(1, 0, 0), information); // 3×3 row-major Ω (6×6 in 3D)
 * PoseGraphSolver.Report r =
 *         new PoseGraphSolver(PoseGraphSolver.Settings.defaults()).solve(g, Initialization.CHORDAL);
 * SE2 p = g.pose2(1);
 * }</pre>
 *
 * <p>Incremental use, as the SLAM operators do after every loop closure:
 *
 * <pre>{@code
 * IncrementalSolver s = new IncrementalSolver(g, SolverOptions.defaults());
 * s.addPose(2, 1, odometry, information);  // placed at X_1·Z, adds the edge
 * s.addEdge(2, 0, loopClosure, information);
 * OptimizationResult r = s.update();       // warm re-solve; no-op when only leaves were added
 * }</pre>
 *
 * <p>The solver ({@link io.edgeflow.slam.posegraph.LevenbergMarquardt}) linearizes every factor,
 * solves the damped normal equations by a supernodal block Cholesky in CSparse's AMD order ({@link
 * io.edgeflow.slam.posegraph.SupernodalCholesky}; symbolic analysis reused while the structure is
 * unchanged) and retracts on the manifold.
 */
package io.edgeflow.slam.posegraph;
