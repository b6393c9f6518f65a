/**
 * Pose-graph files: g2o, TORO (2D/3D) and iSAM edge lists, read by {@link
 * io.edgeflow.slam.posegraph.io.PoseGraphFiles#read} (format detected, .gz accepted) and written by
 * {@link io.edgeflow.slam.posegraph.io.PoseGraphFiles#write}. Malformed input raises {@link
 * io.edgeflow.slam.posegraph.io.PoseGraphFormatException} naming file, line and reason.
 */
package io.edgeflow.slam.posegraph.io;
