package io.edgeflow.jobs.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One process of the local cluster: its role (jobmanager, taskmanager-2, kafka, …), pid and log.
 */
public record ClusterProcess(String role, long pid, Path log) {

    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hooks, no goodbye to the JobManager. */
    public void kill() {
        handle().ifPresent(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM, then SIGKILL if the process is still there after {@code grace}. */
    public void stop(Duration grace) {
        Optional<ProcessHandle> h = handle();
        if (h.isEmpty()) {
            return;
        }
        h.get().destroy();
        try {
            h.get().onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            h.get().destroyForcibly();
        }
    }

    private Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }
}
