package io.edgeflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The screenshot helper against a page served on loopback: Chromium draws it, the PNG has the
 * window's size and the page's colour. (A page that keeps polling, as the Flink UI does, never
 * settles: the helper waits for its text instead.)
 */
class WebUiScreenshotTest {
    @TempDir Path dir;

    @Test
    void aPolledPageIsCapturedAtTheWindowSize() throws Exception {
        byte[] page =
                ("<html><body style='background:#2060a0'><h1>edgeflow</h1><script>"
                                + "setInterval(() => fetch('/poll'), 200);</script></body></html>")
                        .getBytes(StandardCharsets.UTF_8);
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    exchange.sendResponseHeaders(200, page.length);
                    exchange.getResponseBody().write(page);
                    exchange.close();
                });
        server.start();
        try {
            Path png =
                    WebUiScreenshot.take(
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                            "edgeflow",
                            dir.resolve("page.png"));
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(1600);
            assertThat(img.getHeight()).isEqualTo(1000);
            assertThat(img.getRGB(1500, 900) & 0xFFFFFF).isEqualTo(0x2060A0);
        } finally {
            server.stop(0);
        }
    }
}
