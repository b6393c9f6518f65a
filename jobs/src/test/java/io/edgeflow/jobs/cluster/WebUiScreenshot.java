package io.edgeflow.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
        Path profile = Files.createTempDirectory(png.getParent(), "chromium-profile");
        List<String> cmd =
                List.of(
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
                        // The UI is an Angular app: give it time to fetch the job and draw the
                        // graph.
                        "--virtual-time-budget=15000",
                        // and stop loading after 30 s of real time whatever the page does
                        "--timeout=30000",
                        "--screenshot=" + png,
                        url);
        // Output goes to a file, so a hung Chromium cannot block the test on a pipe; headless
        // Chromium occasionally hangs at start-up, so a second attempt follows a timeout.
        Path log = png.resolveSibling("chromium.log");
        boolean finished = false;
        for (int attempt = 0; attempt < 2 && !finished; attempt++) {
            Process p =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            finished = p.waitFor(ATTEMPT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
            }
        }
        String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        assertThat(finished).as("chromium finished; it said:\n%s", out).isTrue();
        assertThat(png).as("screenshot written; chromium said:\n%s", out).isNotEmptyFile();
        return png;
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
