package io.edgeflow.jobs.cluster;

import io.edgeflow.agent.channel.LinkProfile;
import io.edgeflow.agent.channel.NetworkNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The root namespace's side of the edge nodes: the cluster address that the JobManager and the
 * broker listen on (a /32 on the root namespace's loopback interface, reachable from every
 * namespace through its veth whether or not another node's link is up), IPv4 forwarding so that
 * TaskManagers in different namespaces exchange data through the root namespace, and the namespaces
 * themselves — kept per JVM so that a test can cut a node's link.
 */
public final class EdgeNetwork {
    private static final Map<String, NetworkNamespace> LIVE = new ConcurrentHashMap<>();

    private EdgeNetwork() {}

    /** Fails with the reason when this machine cannot host edge nodes (not root, no iproute2). */
    static void requireAvailable() {
        String why = NetworkNamespace.unavailableReason();
        if (why != null) {
            throw new IllegalStateException(
                    "edge nodes (--netns) need network namespaces: "
                            + why
                            + ". Install iproute2 (apt-get install iproute2) and run as root.");
        }
    }

    /** Adds a free 10.127.x.y/32 to the root namespace's lo and returns it. */
    static String addClusterAddress() throws IOException {
        String taken = run("ip", "-4", "-o", "addr", "show");
        long seed = ProcessHandle.current().pid();
        for (int i = 0; i < 64_000; i++) {
            long n = (seed + i) % 64_000 + 256;
            String address = "10.127." + (n >> 8) + "." + (n & 255);
            if ((n & 255) != 0 && (n & 255) != 255 && !taken.contains(" " + address + "/")) {
                check("ip", "addr", "add", address + "/32", "dev", "lo");
                return address;
            }
        }
        throw new IOException("no free address in 10.127.0.0/16");
    }

    static void removeClusterAddress(String address) throws IOException {
        run("ip", "addr", "del", address + "/32", "dev", "lo");
    }

    /** TaskManager-to-TaskManager traffic crosses the root namespace between two veths. */
    static void enableForwarding() throws IOException {
        Path forwarding = Path.of("/proc/sys/net/ipv4/ip_forward");
        if (!Files.readString(forwarding).trim().equals("1")) {
            Files.writeString(forwarding, "1\n");
        }
    }

    /**
     * A namespace for a TaskManager, its veth capped at the profile's bandwidth (tc tbf). Delay,
     * jitter and loss come from the node's EdgeLink process.
     */
    static NetworkNamespace create(String taskManager, LinkProfile profile) throws IOException {
        NetworkNamespace ns = NetworkNamespace.create(taskManager.replace("taskmanager", "tm"));
        try {
            ns.limitBandwidth(profile.bitsPerSecond());
        } catch (IOException e) {
            ns.close();
            throw e;
        }
        LIVE.put(ns.name(), ns);
        return ns;
    }

    /**
     * The namespace of an edge node that this JVM created (tests cut links through it); a cluster
     * started by another process (the CLI) has no live namespace objects here.
     */
    public static NetworkNamespace namespace(EdgeNode node) {
        NetworkNamespace ns = LIVE.get(node.namespace());
        if (ns == null) {
            throw new IllegalStateException(
                    "namespace " + node.namespace() + " was not created by this process");
        }
        return ns;
    }

    /** Deletes the node's namespace and veth (also when another process created them). */
    static void remove(EdgeNode node) throws IOException {
        NetworkNamespace ns = LIVE.remove(node.namespace());
        if (ns != null) {
            ns.close();
        } else {
            run("ip", "link", "del", node.hostInterface());
            run("ip", "netns", "del", node.namespace());
        }
    }

    private static void check(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = output(p);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** Runs an iproute2 command; its output, whatever its exit code. */
    private static String run(String... command) throws IOException {
        return output(new ProcessBuilder(List.of(command)).redirectErrorStream(true).start());
    }

    private static String output(Process p) throws IOException {
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + p.info().commandLine().orElse("ip"));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }
}
