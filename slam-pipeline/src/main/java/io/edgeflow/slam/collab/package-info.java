/**
 * Collaborative mapping: robots that each map in their own frame, joined into one group frame by
 * inter-robot loop closures that survive a pairwise consistency check (PCM, Mangelson et al. 2018,
 * as used by DOOR-SLAM and Kimera-Multi). Plain Java; the Flink global mapper wraps it.
 */
package io.edgeflow.slam.collab;
