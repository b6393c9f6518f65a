package io.edgeflow.jobs;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster the job tests run on, configured as a cluster runs jobs (see flink-conf/). */
final class TestFlink {
    private TestFlink() {}

    /**
     * RocksDB with incremental checkpoints every 500 ms, fixed-delay restarts, and Kryo fallback
     * forbidden, with every file under {@code work}.
     */
    static Configuration config(Path work) {
        Configuration c = new Configuration();
        c.setString("state.backend.type", "rocksdb");
        c.setString("execution.checkpointing.incremental", "true");
        c.setString("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        c.setString("execution.checkpointing.interval", "500ms");
        c.setString("execution.checkpointing.min-pause", "100ms");
        c.setString("restart-strategy.type", "fixed-delay");
        c.setString("restart-strategy.fixed-delay.attempts", "5");
        c.setString("restart-strategy.fixed-delay.delay", "500ms");
        c.setString("pipeline.generic-types", "false");
        c.setString("io.tmp.dirs", work.toString());
        return c;
    }

    /** One TaskManager with two slots, so a test can kill it and start another. */
    static MiniClusterExtension cluster(Supplier<Configuration> config) {
        return new MiniClusterExtension(
                () ->
                        new MiniClusterResourceConfiguration.Builder()
                                .setConfiguration(config.get())
                                .setNumberTaskManagers(1)
                                .setNumberSlotsPerTaskManager(2)
                                .build());
    }
}
