package io.edgeflow.jobs.cluster;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A screenshot of a Flink web UI page with headless Chromium (Debian's {@code chromium}). Missing
 * Chromium fails the test with instructions: the acceptance asks for the picture.
 */
final class WebUiScreenshot {
    /** A screenshot takes 5-20 s; past this Chromium hangs and is killed. */
    static final long ATTEMPT_SECONDS = 60;

    private WebUiScreenshot() {}

    static Path take(String url, Path png) throws Exception {
        Path chromium = locate();
        // Output goes to a file, so a hung Chromium cannot block the test on a pipe; headless
        // Chromium occasionally hangs, so a second attempt follows a timeout — with a profile of
        // its own: the killed one's lock file would hand the page to a dead browser.
        String out = "";
        for (int attempt = 1; attempt <= 2; attempt++) {
            Files.deleteIfExists(png);
            Path profile = Files.createTempDirectory(png.getParent(), "chromium-profile");
            Path log = png.resolveSibling("chromium-" + attempt + ".log");
            Process p =
                    new ProcessBuilder(command(chromium, profile, png, url))
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            boolean finished = p.waitFor(ATTEMPT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            out = Files.readString(log, StandardCharsets.UTF_8);
            if (finished && Files.exists(png) && Files.size(png) > 0) {
                return png;
            }
            out = (finished ? "exited " + p.exitValue() : "timed out") + ":\n" + out;
        }
        throw new AssertionError("no screenshot of " + url + " after 2 attempts; chromium " + out);
    }

    private static List<String> command(Path chromium, Path profile, Path png, String url) {
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
                // The UI is an Angular app: give it time to fetch the job and draw the graph,
                "--virtual-time-budget=15000",
                // and stop loading after 30 s of real time whatever the page does.
                "--timeout=30000",
                "--screenshot=" + png,
                url);
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
}
