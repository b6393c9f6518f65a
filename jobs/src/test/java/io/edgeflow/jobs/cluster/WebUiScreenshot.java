package io.edgeflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A screenshot of a Flink web UI page with headless Chromium (Debian's {@code chromium}), driven
 * over the DevTools protocol the way Playwright does: navigate, wait in real time until the page
 * shows {@code expectedText} (the Angular UI fetches and draws the job after the load event), then
 * capture. Chromium's own {@code --screenshot} needs {@code --virtual-time-budget} to wait for
 * that, and hung in about one run in three on the Flink UI. Missing Chromium fails the test with
 * instructions: the acceptance asks for the picture.
 */
final class WebUiScreenshot {
    private static final long STEP_SECONDS = 30;
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebUiScreenshot() {}

    static Path take(String url, String expectedText, Path png) throws Exception {
        Path chromium = locate();
        Path profile = Files.createTempDirectory(png.getParent(), "chromium-profile");
        Path log = png.resolveSibling("chromium.log");
        Process p =
                new ProcessBuilder(command(chromium, profile))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            URI browser = devToolsEndpoint(log, p);
            HttpClient http = HttpClient.newHttpClient();
            String list =
                    http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://"
                                                                    + browser.getAuthority()
                                                                    + "/json/list"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            String pageSocket = null;
            for (JsonNode t : JSON.readTree(list)) {
                if ("page".equals(t.path("type").asText())) {
                    pageSocket = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageSocket == null) {
                throw new AssertionError("chromium opened no page: " + list);
            }
            try (DevTools page = DevTools.connect(http, URI.create(pageSocket))) {
                // the window's size includes browser chrome; the picture is the page's 1600×1000
                page.call(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of(
                                "width",
                                1600,
                                "height",
                                1000,
                                "deviceScaleFactor",
                                1,
                                "mobile",
                                false));
                page.call("Page.navigate", Map.of("url", url));
                String probe =
                        "document.body && document.body.innerText.includes("
                                + JSON.writeValueAsString(expectedText)
                                + ")";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
                while (!page.call("Runtime.evaluate", Map.of("expression", probe))
                        .path("result")
                        .path("value")
                        .asBoolean(false)) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError(
                                url
                                        + " did not show \""
                                        + expectedText
                                        + "\" within "
                                        + STEP_SECONDS
                                        + " s");
                    }
                    Thread.sleep(250);
                }
                Thread.sleep(1000); // let the job graph finish its layout
                String data =
                        page.call("Page.captureScreenshot", Map.of("format", "png"))
                                .path("data")
                                .asText();
                Files.write(png, Base64.getDecoder().decode(data));
            }
            return png;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static URI devToolsEndpoint(Path log, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher m = DEVTOOLS.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return URI.create(m.group(1));
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "chromium did not open its DevTools endpoint:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static List<String> command(Path chromium, Path profile) {
        return List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // no crash handler: it daemonizes and would outlive a killed Chromium
                "--disable-breakpad",
                "--disable-crash-reporter",
                "--user-data-dir=" + profile,
                "--window-size=1600,1000",
                "--remote-debugging-port=0",
                "about:blank");
    }

    static Path locate() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path c = Path.of(d, name);
                if (Files.isExecutable(c)) {
                    return c;
                }
            }
        }
        throw new AssertionError(
                "chromium is not on the PATH: the web UI screenshot cannot be taken. Install it with"
                        + " `apt-get install chromium` (Debian); .ci/run installs it when missing.");
    }

    /** One DevTools protocol session: calls answered by id, each within {@link #STEP_SECONDS}. */
    private static final class DevTools implements WebSocket.Listener, AutoCloseable {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static DevTools connect(HttpClient http, URI endpoint) throws Exception {
            DevTools session = new DevTools();
            session.socket =
                    http.newWebSocketBuilder()
                            .connectTimeout(Duration.ofSeconds(STEP_SECONDS))
                            .buildAsync(endpoint, session)
                            .get(STEP_SECONDS, TimeUnit.SECONDS);
            return session;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            socket.sendText(
                    JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)),
                    true);
            JsonNode reply = answer.get(STEP_SECONDS, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> answer =
                            message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (answer != null) {
                        answer.complete(message);
                    }
                } catch (Exception e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                } finally {
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS);
        }
    }
}
