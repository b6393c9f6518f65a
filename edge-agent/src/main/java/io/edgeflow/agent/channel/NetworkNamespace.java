package io.edgeflow.agent.channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An emulated edge host: a Linux network namespace joined to the root namespace by one veth link,
 * so a process started inside it (an agent, a TaskManager) reaches the rest of the system only
 * across that link, which can be cut ({@link #linkDown()}) or shaped ({@link #limitBandwidth}).
 *
 * <p>Addresses come from 10.128.0.0/10 in /30 links: the root side is {@link #hostAddress()}, the
 * namespace side {@link #namespaceAddress()}, and the namespace's default route points at the host
 * side. A service in the root namespace must listen on the host address (or the wildcard) to be
 * reachable. Needs root (or CAP_NET_ADMIN) and iproute2; {@link #unavailableReason()} says why not.
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private final String name;
    private final String hostInterface;
    private final String namespaceInterface;
    private final String hostAddress;
    private final String namespaceAddress;
    private final Thread cleanup;
    private volatile boolean closed;

    private NetworkNamespace(String label, int id) {
        this.name = "edgeflow-" + ProcessHandle.current().pid() + "-" + label;
        String suffix = String.format("%03x", id);
        this.hostInterface = "efh" + suffix;
        this.namespaceInterface = "efn" + suffix;
        int second = 128 + (id >> 6);
        int third = (id & 63) << 2;
        this.hostAddress = "10." + second + "." + third + ".1";
        this.namespaceAddress = "10." + second + "." + third + ".2";
        this.cleanup = new Thread(this::close, "netns-cleanup-" + name);
    }

    /**
     * Creates namespace {@code edgeflow-PID-label} with its veth link up. Ids are unique per
     * process; combined with the pid they keep concurrent test JVMs apart.
     */
    public static NetworkNamespace create(String label) throws IOException {
        if (!label.matches("[a-z0-9-]{1,20}")) {
            throw new IllegalArgumentException("namespace label must be [a-z0-9-]{1,20}: " + label);
        }
        int id = (int) ((ProcessHandle.current().pid() * 16 + NEXT.getAndIncrement()) & 0xFFF);
        NetworkNamespace ns = new NetworkNamespace(label, id);
        ns.setUp();
        return ns;
    }

    /** Null when namespaces can be created here, else the reason (not root, no iproute2, ...). */
    public static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "`ip netns list` failed: " + out.strip();
            }
        } catch (IOException e) {
            return "iproute2's `ip` is not installed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root (running as "
                    + System.getProperty("user.name")
                    + ")";
        }
        return null;
    }

    private void setUp() throws IOException {
        run("ip", "netns", "del", name).ignoreFailure();
        run("ip", "link", "del", hostInterface).ignoreFailure();
        run("ip", "netns", "add", name).check();
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            run(
                            "ip",
                            "link",
                            "add",
                            hostInterface,
                            "type",
                            "veth",
                            "peer",
                            "name",
                            namespaceInterface)
                    .check();
            run("ip", "link", "set", namespaceInterface, "netns", name).check();
            run("ip", "addr", "add", hostAddress + "/30", "dev", hostInterface).check();
            run("ip", "link", "set", hostInterface, "up").check();
            inside("ip", "link", "set", "lo", "up").check();
            inside("ip", "addr", "add", namespaceAddress + "/30", "dev", namespaceInterface)
                    .check();
            inside("ip", "link", "set", namespaceInterface, "up").check();
            inside("ip", "route", "add", "default", "via", hostAddress).check();
            awaitCarrier();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** The root namespace's end of the link: what processes inside dial to reach the host. */
    public String hostAddress() {
        return hostAddress;
    }

    /** The namespace's end of the link: what the host dials to reach a service inside. */
    public String namespaceAddress() {
        return namespaceAddress;
    }

    /**
     * The veth interface on the root side (where {@code tc} shapes traffic toward the namespace).
     */
    public String hostInterface() {
        return hostInterface;
    }

    /** {@code command} prefixed so that it runs inside this namespace. */
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", name));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Cuts the link, as a radio going out of range: packets in both directions are lost. */
    public void linkDown() throws IOException {
        run("ip", "link", "set", hostInterface, "down").check();
    }

    /** Restores the link; the namespace side keeps its address and route. */
    public void linkUp() throws IOException {
        run("ip", "link", "set", hostInterface, "up").check();
        awaitCarrier();
        // neighbours that failed to resolve while the link was down would answer "no route to host"
        run("ip", "neigh", "flush", "dev", hostInterface).ignoreFailure();
        inside("ip", "neigh", "flush", "dev", namespaceInterface).ignoreFailure();
    }

    /** Carrier comes up asynchronously after `ip link set up`; wait for it on both ends. */
    private void awaitCarrier() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_TIMEOUT_SECONDS);
        while (!(run("ip", "-br", "link", "show", hostInterface).output().contains("LOWER_UP")
                && inside("ip", "-br", "link", "show", namespaceInterface)
                        .output()
                        .contains("LOWER_UP"))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("link " + hostInterface + " did not come up");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + hostInterface, e);
            }
        }
    }

    /**
     * Caps the link's rate in both directions with a token bucket ({@code tc tbf}); latency and
     * loss need {@code netem}, which this kernel lacks (see LinkEmulator for those on a TCP path).
     */
    public void limitBandwidth(long bitsPerSecond) throws IOException {
        String rate = bitsPerSecond + "bit";
        String burst = Math.max(1600, bitsPerSecond / 8 / 100) + "b";
        List<String> tbf = List.of("rate", rate, "burst", burst, "latency", "400ms");
        List<String> host =
                new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", hostInterface));
        host.addAll(List.of("root", "tbf"));
        host.addAll(tbf);
        run(host.toArray(String[]::new)).check();
        List<String> ns =
                new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", namespaceInterface));
        ns.addAll(List.of("root", "tbf"));
        ns.addAll(tbf);
        new Command(wrap(ns)).check();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        try {
            run("ip", "link", "del", hostInterface).ignoreFailure();
            run("ip", "netns", "del", name).ignoreFailure();
        } catch (IOException e) {
            // best effort: a leftover namespace is deleted by the next create() with the same name
        }
    }

    private Command inside(String... command) {
        return new Command(wrap(List.of(command)));
    }

    private static Command run(String... command) {
        return new Command(List.of(command));
    }

    /** One iproute2 invocation; its output goes into the exception when it fails. */
    private record Command(List<String> argv) {
        void check() throws IOException {
            Result r = execute();
            if (r.exit != 0) {
                throw new IOException(
                        String.join(" ", argv) + " failed (exit " + r.exit + "): " + r.output);
            }
        }

        void ignoreFailure() throws IOException {
            execute();
        }

        String output() throws IOException {
            return execute().output;
        }

        private Result execute() throws IOException {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "timed out");
                }
                return new Result(p.exitValue(), out.strip());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while running " + argv, e);
            }
        }
    }

    private record Result(int exit, String output) {}
}
