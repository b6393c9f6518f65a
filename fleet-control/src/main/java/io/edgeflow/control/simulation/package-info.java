/**
 * A discrete-event fleet simulator that runs the real router and health machine against simulated
 * nodes, links, batteries, crashes and a task workload, to compare scheduling policies. {@link
 * io.edgeflow.control.simulation.FleetPlan} draws everything but the policy from the seed, so every
 * policy faces the same fleet and the same tasks.
 */
package io.edgeflow.control.simulation;
