package io.edgeflow.jobs;

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
 * Headless Chromium (Debian's {@code chromium}, run as root in a container: no sandbox, no GPU)
 * with one page, driven over the DevTools protocol the way Playwright does: navigate, wait in real
 * time until a JavaScript condition holds on the page, evaluate, capture. Chromium's own {@code
 * --screenshot} needs {@code --virtual-time-budget} to wait for a page's scripts and hung in about
 * one run in three on the Flink UI; this also keeps the page open between captures, so a test sees
 * live updates without a reload. Missing Chromium fails the test with instructions.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final long STEP_SECONDS = 30;
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final DevTools page;

    private HeadlessChromium(Process process, DevTools page) {
        this.process = process;
        this.page = page;
    }

    /** Starts Chromium with a fresh profile under {@code work} and a page of width × height. */
    public static HeadlessChromium start(Path work, int width, int height) throws Exception {
        Path chromium = locate();
        Files.createDirectories(work);
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path log = work.resolve("chromium.log");
        Process p =
                new ProcessBuilder(command(chromium, profile, width, height))
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
            DevTools page = DevTools.connect(http, URI.create(pageSocket));
            // the window's size includes browser chrome; the picture is the page's width × height
            page.call(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of(
                            "width",
                            width,
                            "height",
                            height,
                            "deviceScaleFactor",
                            1,
                            "mobile",
                            false));
            return new HeadlessChromium(p, page);
        } catch (Exception | AssertionError e) {
            kill(p);
            throw e;
        }
    }

    public void navigate(String url) throws Exception {
        page.call("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression on the page (its JSON, by value). */
    public JsonNode evaluate(String expression) throws Exception {
        return page.call(
                        "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
                .path("result")
                .path("value");
    }

    /** Polls until the expression is true on the page; fails after {@code seconds}. */
    public void waitUntil(String expression, long seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!evaluate(expression).asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + seconds + " s");
            }
            Thread.sleep(250);
        }
    }

    /** Waits until the page's text shows {@code text}. */
    public void waitForText(String text) throws Exception {
        waitUntil(
                "document.body && document.body.innerText.includes("
                        + JSON.writeValueAsString(text)
                        + ")",
                STEP_SECONDS,
                "the page showing \"" + text + "\"");
    }

    public Path screenshot(Path png) throws Exception {
        String data =
                page.call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
        Files.write(png, Base64.getDecoder().decode(data));
        return png;
    }

    @Override
    public void close() {
        page.close();
        kill(process);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private static List<String> command(Path chromium, Path profile, int width, int height) {
        return List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // no crash handler: it daemonizes and would outlive a killed Chromium
                "--disable-breakpad",
                "--disable-crash-reporter",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
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
                "chromium is not on the PATH: the page screenshot cannot be taken. Install it with"
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
