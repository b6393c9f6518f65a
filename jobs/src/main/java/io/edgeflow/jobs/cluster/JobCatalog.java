package io.edgeflow.jobs.cluster;

import io.edgeflow.jobs.ControlPlaneJob;
import io.edgeflow.jobs.FrameIngestJob;
import io.edgeflow.jobs.ReplicatedStateJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs `./edgeflow submit JOB` knows: a short name, the entry class in the job jar and how its
 * arguments are formed. A new job is one more entry here.
 */
public final class JobCatalog {

    /** A submittable job: {@code main} takes {@code --bootstrap-servers} plus its own options. */
    public record JobSpec(
            String name, String entryClass, List<String> fixedArgs, String description) {
        public List<String> programArgs(String bootstrapServers, List<String> extraArgs) {
            List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers));
            args.addAll(fixedArgs);
            args.addAll(extraArgs);
            return args;
        }
    }

    private static final Map<String, JobSpec> JOBS = new LinkedHashMap<>();

    static {
        add(
                new JobSpec(
                        "ingest",
                        FrameIngestJob.class.getName(),
                        List.of("--estimator", "dead_reckoning", "--group-id", "edgeflow-ingest"),
                        "frames → decode/verify (dead letters) → per-robot dead reckoning → poses"));
        add(
                new JobSpec(
                        "slam",
                        FrameIngestJob.class.getName(),
                        List.of("--estimator", "local_slam", "--group-id", "edgeflow-slam"),
                        "frames → decode/verify (dead letters) → per-robot local SLAM → poses"));
        add(
                new JobSpec(
                        "control",
                        ControlPlaneJob.class.getName(),
                        List.of("--group-id", "edgeflow-control-plane"),
                        "heartbeats → node health and registry; tasks → placements, failover"));
        add(
                new JobSpec(
                        "sync",
                        ReplicatedStateJob.class.getName(),
                        List.of("--group-id", "edgeflow-replicated-state"),
                        "SYNC_UPDATE frames → conflict-resolving merge → edgeflow.sync.state"));
    }

    private JobCatalog() {}

    private static void add(JobSpec spec) {
        JOBS.put(spec.name(), spec);
    }

    public static JobSpec named(String name) {
        JobSpec spec = JOBS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException(
                    "unknown job '" + name + "'; known jobs: " + String.join(", ", JOBS.keySet()));
        }
        return spec;
    }

    public static List<JobSpec> all() {
        return List.copyOf(JOBS.values());
    }
}
