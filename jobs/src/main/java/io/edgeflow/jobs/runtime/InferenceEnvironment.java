package io.edgeflow.jobs.runtime;

import java.nio.file.Path;

/**
 * Points DJL and the model registry at the checkout before DJL loads: offline (a missing native
 * library fails instead of downloading), engine natives cached under .edgeflow/djl-cache, models
 * under models/. Settings already given on the command line win.
 */
public final class InferenceEnvironment {
    private InferenceEnvironment() {}

    public static void configureOffline() {
        Path home = ProjectHome.locate();
        setIfAbsent("ai.djl.offline", "true");
        // DJL reads DJL_CACHE_DIR from the environment or, failing that, system properties.
        if (System.getenv("DJL_CACHE_DIR") == null) {
            setIfAbsent("DJL_CACHE_DIR", home.resolve(".edgeflow/djl-cache").toString());
        }
        setIfAbsent("edgeflow.models.dir", home.resolve("models").toString());
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
