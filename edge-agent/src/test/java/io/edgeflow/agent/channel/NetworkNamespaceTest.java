package io.edgeflow.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetworkNamespaceTest {

    @BeforeAll
    static void namespacesAvailable() {
        // .ci/run installs iproute2 and runs as root; a machine without them fails loudly here
        assertThat(NetworkNamespace.unavailableReason()).as("network namespaces").isNull();
    }

    @Test
    void aProcessInsideReachesTheHostOnlyWhileTheLinkIsUp() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("nstest");
                ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName(ns.hostAddress()), 0));
            server.setSoTimeout(10_000);

            assertThat(sendFromInside(ns, server.getLocalPort(), "up")).isZero();
            assertThat(receive(server)).isEqualTo("up");

            ns.linkDown();
            assertThat(sendFromInside(ns, server.getLocalPort(), "down")).isNotZero();

            ns.linkUp();
            assertThat(sendFromInside(ns, server.getLocalPort(), "again")).isZero();
            assertThat(receive(server)).isEqualTo("again");
        }
    }

    @Test
    void aBandwidthCapIsAcceptedAndTheLinkStillCarriesTraffic() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("nstbf");
                ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName(ns.hostAddress()), 0));
            server.setSoTimeout(10_000);
            ns.limitBandwidth(2_000_000);
            assertThat(sendFromInside(ns, server.getLocalPort(), "shaped")).isZero();
            assertThat(receive(server)).isEqualTo("shaped");
        }
    }

    @Test
    void closingRemovesTheNamespace() throws Exception {
        NetworkNamespace ns = NetworkNamespace.create("nsgone");
        String name = ns.name();
        ns.close();
        Process list = new ProcessBuilder("ip", "netns", "list").start();
        String names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor(10, TimeUnit.SECONDS);
        assertThat(names).doesNotContain(name);
    }

    /** Exit status of a bash /dev/tcp write from inside the namespace (3 s connect budget). */
    private static int sendFromInside(NetworkNamespace ns, int port, String text)
            throws IOException, InterruptedException {
        String script = "echo " + text + " > /dev/tcp/" + ns.hostAddress() + "/" + port;
        Process p =
                new ProcessBuilder(ns.wrap(List.of("timeout", "3", "bash", "-c", script)))
                        .redirectErrorStream(true)
                        .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static String receive(ServerSocket server) throws IOException {
        try (Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing arrived from inside the namespace", e);
        }
    }
}
