package io.edgeflow.jobs.cluster;

import io.edgeflow.jobs.HeadlessChromium;
import java.nio.file.Path;

/**
 * A screenshot of a Flink web UI page: navigate, wait until the page shows {@code expectedText}
 * (the Angular UI fetches and draws the job after the load event), let the job graph finish its
 * layout, capture.
 */
final class WebUiScreenshot {
    private WebUiScreenshot() {}

    static Path take(String url, String expectedText, Path png) throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start(png.getParent(), 1600, 1000)) {
            chromium.navigate(url);
            chromium.waitForText(expectedText);
            Thread.sleep(1000); // let the job graph finish its layout
            return chromium.screenshot(png);
        }
    }
}
