package io.edgeflow.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine's 1, 5 and 15 minute load averages: what every wall-clock figure is read beside. */
public final class LoadAverage {
    private LoadAverage() {}

    /** "1m,5m,15m" from /proc/loadavg, else the JVM's 1-minute figure. */
    public static String now() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "," + f[1] + "," + f[2];
        } catch (IOException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
