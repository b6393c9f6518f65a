package io.edgeflow.jobs.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A TaskManager run as an edge node: the network namespace it lives in (its veth's host side and
 * its own address), the link profile its uplink is shaped to, and the file where its EdgeLink
 * writes what it measures on that link.
 */
public record EdgeNode(
        String taskManager,
        String namespace,
        String hostInterface,
        String address,
        String profile,
        Path linkReport) {

    /** The link's latest figures as EdgeLink wrote them; empty before the first probe. */
    public Properties measured() {
        Properties p = new Properties();
        if (Files.exists(linkReport)) {
            try (Reader r = Files.newBufferedReader(linkReport)) {
                p.load(r);
            } catch (IOException e) {
                p.setProperty("error", "unreadable " + linkReport + ": " + e.getMessage());
            }
        }
        return p;
    }
}
