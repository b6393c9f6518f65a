package io.edgeflow.control.simulation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * A PNG comparing policies on one seed: the completion-time CDF on a log axis, and bars for p99,
 * active energy per completed task, deadline misses and failed tasks.
 */
public final class FleetPlot {

    private static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xff7f0e),
        new Color(0x2ca02c),
        new Color(0xd62728),
        new Color(0x9467bd)
    };
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 900;

    private FleetPlot() {}

    public static void write(List<SimulationResult> results, String title, Path png)
            throws IOException {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString(title, 30, 35);
            drawCdf(g, results, 30, 60, 820, 800);
            int bx = 900;
            int bw = 470;
            int bh = 185;
            drawBars(
                    g,
                    results,
                    "p99 completion (ms, log scale: the spread is wide)",
                    r -> r.completionPercentile(99),
                    "%.0f",
                    true,
                    bx,
                    60,
                    bw,
                    bh);
            drawBars(
                    g,
                    results,
                    "active energy per completed task (J)",
                    SimulationResult::activeJoulesPerCompletedTask,
                    "%.2f",
                    false,
                    bx,
                    270,
                    bw,
                    bh);
            drawBars(
                    g,
                    results,
                    "deadline misses (% of tasks)",
                    r -> 100.0 * r.deadlineMisses() / Math.max(1, r.tasks()),
                    "%.2f",
                    false,
                    bx,
                    480,
                    bw,
                    bh);
            drawBars(
                    g,
                    results,
                    "failed + unfinished tasks",
                    r -> r.failed() + r.unfinished(),
                    "%.0f",
                    false,
                    bx,
                    690,
                    bw,
                    bh);
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", png.toFile());
    }

    private static void drawCdf(
            Graphics2D g, List<SimulationResult> results, int x, int y, int w, int h) {
        int left = x + 60;
        int bottom = y + h - 40;
        int plotW = w - 80;
        int plotH = h - 80;
        double lo = 1;
        double hi = 10;
        for (SimulationResult r : results) {
            double[] t = r.completionMillis();
            if (t.length > 0) {
                hi = Math.max(hi, t[t.length - 1]);
            }
        }
        double logLo = Math.log10(lo);
        double logHi = Math.ceil(Math.log10(hi));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.BLACK);
        g.drawString("completion time CDF (ms, log scale)", left, y + 15);
        g.setColor(new Color(0xdddddd));
        for (int d = (int) logLo; d <= logHi; d++) {
            int px = left + (int) ((d - logLo) / (logHi - logLo) * plotW);
            g.drawLine(px, bottom, px, bottom - plotH);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.0f", Math.pow(10, d)), px - 10, bottom + 18);
            g.setColor(new Color(0xdddddd));
        }
        for (int q = 0; q <= 10; q++) {
            int py = bottom - q * plotH / 10;
            g.drawLine(left, py, left + plotW, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.1f", q / 10.0), left - 35, py + 5);
            g.setColor(new Color(0xdddddd));
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, bottom - plotH, plotW, plotH);
        g.setStroke(new BasicStroke(2.2f));
        for (int i = 0; i < results.size(); i++) {
            SimulationResult r = results.get(i);
            double[] t = r.completionMillis();
            g.setColor(PALETTE[i % PALETTE.length]);
            int prevX = -1;
            int prevY = -1;
            int steps = Math.min(t.length, 2_000);
            for (int s = 0; s < steps; s++) {
                int idx = (int) ((long) s * (t.length - 1) / Math.max(1, steps - 1));
                double v = Math.max(lo, t[idx]);
                int px = left + (int) ((Math.log10(v) - logLo) / (logHi - logLo) * plotW);
                // the fraction is over all tasks, so failed ones keep a curve below 1
                int py = bottom - (int) ((idx + 1.0) / Math.max(1, r.tasks()) * plotH);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
            g.fillRect(left + 20, bottom - plotH + 20 + i * 22, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(r.policy(), left + 40, bottom - plotH + 32 + i * 22);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawBars(
            Graphics2D g,
            List<SimulationResult> results,
            String label,
            ToDoubleFunction<SimulationResult> metric,
            String format,
            boolean logScale,
            int x,
            int y,
            int w,
            int h) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(label, x, y + 14);
        double max = 0;
        for (SimulationResult r : results) {
            double v = metric.applyAsDouble(r);
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        int top = y + 25;
        int barArea = h - 30;
        int barH = Math.max(8, barArea / Math.max(1, results.size()) - 6);
        int labelW = 110;
        for (int i = 0; i < results.size(); i++) {
            SimulationResult r = results.get(i);
            double v = metric.applyAsDouble(r);
            int by = top + i * (barH + 6);
            g.setColor(Color.BLACK);
            g.drawString(r.policy(), x, by + barH - 3);
            double fraction;
            if (logScale) {
                fraction = max > 1 ? Math.log10(Math.max(v, 1)) / Math.log10(max) : 0;
            } else {
                fraction = max > 0 ? v / max : 0;
            }
            int len = Double.isFinite(fraction) ? (int) (fraction * (w - labelW - 80)) : 0;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x + labelW, by, Math.max(1, len), barH);
            g.setColor(Color.BLACK);
            g.drawString(
                    String.format(Locale.ROOT, format, v), x + labelW + len + 6, by + barH - 3);
        }
    }
}
