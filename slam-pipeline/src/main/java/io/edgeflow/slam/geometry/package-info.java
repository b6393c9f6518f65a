/**
 * Rigid motions: {@link io.edgeflow.slam.geometry.SE2}, {@link io.edgeflow.slam.geometry.SE3},
 * {@link io.edgeflow.slam.geometry.SO3}, and the relative-pose residual with its Jacobians ({@link
 * io.edgeflow.slam.geometry.RelativePoseResidual}) that the pose-graph solver uses.
 */
package io.edgeflow.slam.geometry;
