package io.edgeflow.jobs.bench;

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
 * The fleet benchmark's curve as a PNG: scans per second offered and processed against the number
 * of robots, and scan→pose latency p50/p99 (log scale) with the target line.
 */
public final class FleetScalingPlot {
    /** One measured fleet size. */
    public record Point(
            int robots,
            double offeredPerSecond,
            double processedPerSecond,
            double p50Millis,
            double p99Millis) {}

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 640;
    private static final Color OFFERED = new Color(0x9e9e9e);
    private static final Color PROCESSED = new Color(0x1f77b4);
    private static final Color P50 = new Color(0x2ca02c);
    private static final Color P99 = new Color(0xd62728);

    private FleetScalingPlot() {}

    public static void write(List<Point> points, String title, double targetP99Millis, Path png)
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
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, 30, 32);
            double[] ticks = points.stream().mapToDouble(Point::robots).toArray();
            double maxRobots = points.stream().mapToInt(Point::robots).max().orElse(1) * 1.08;
            double maxRate =
                    points.stream()
                                    .mapToDouble(
                                            p ->
                                                    Math.max(
                                                            p.offeredPerSecond(),
                                                            p.processedPerSecond()))
                                    .max()
                                    .orElse(1)
                            * 1.1;
            Panel rate = new Panel(80, 70, 560, 480, 0, maxRobots, 0, maxRate, false);
            rate.axes(g, ticks, "robots", "scans per second", "%.0f");
            rate.series(g, points, Point::offeredPerSecond, OFFERED, true);
            rate.series(g, points, Point::processedPerSecond, PROCESSED, false);
            legend(
                    g,
                    100,
                    90,
                    new String[] {"offered (robots × rate)", "processed by the SLAM job"},
                    new Color[] {OFFERED, PROCESSED});

            double lo =
                    points.stream()
                            .mapToDouble(Point::p50Millis)
                            .filter(Double::isFinite)
                            .min()
                            .orElse(1);
            double hi =
                    points.stream()
                            .mapToDouble(Point::p99Millis)
                            .filter(Double::isFinite)
                            .max()
                            .orElse(1000);
            lo =
                    Math.pow(
                            10,
                            Math.floor(
                                    Math.log10(Math.max(1, Math.min(lo, targetP99Millis) * 0.8))));
            hi = Math.pow(10, Math.ceil(Math.log10(Math.max(hi, targetP99Millis) * 1.2)));
            Panel latency = new Panel(780, 70, 560, 480, 0, maxRobots, lo, hi, true);
            latency.axes(g, ticks, "robots", "scan→pose latency, ms (log)", "%.0f");
            g.setColor(P99);
            g.setStroke(
                    new BasicStroke(
                            1.5f,
                            BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER,
                            10,
                            new float[] {8, 6},
                            0));
            int ty = latency.y(targetP99Millis);
            g.drawLine(latency.left, ty, latency.left + latency.width, ty);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(
                    String.format(Locale.ROOT, "p99 target %.0f ms", targetP99Millis),
                    latency.left + 8,
                    ty - 6);
            latency.series(g, points, Point::p50Millis, P50, false);
            latency.series(g, points, Point::p99Millis, P99, false);
            // bottom right: the curves climb to the top as the job falls behind
            legend(g, 1240, 505, new String[] {"p50", "p99"}, new Color[] {P50, P99});
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", png.toFile());
    }

    private static void legend(Graphics2D g, int x, int y, String[] labels, Color[] colours) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int k = 0; k < labels.length; k++) {
            g.setColor(colours[k]);
            g.setStroke(new BasicStroke(3));
            g.drawLine(x, y + k * 20, x + 24, y + k * 20);
            g.setColor(Color.BLACK);
            g.drawString(labels[k], x + 32, y + k * 20 + 5);
        }
    }

    /** A plot area mapping data to pixels, optionally with a log-scale y axis. */
    private record Panel(
            int left,
            int top,
            int width,
            int height,
            double x0,
            double x1,
            double y0,
            double y1,
            boolean logY) {
        int x(double v) {
            return left + (int) Math.round((v - x0) / (x1 - x0) * width);
        }

        int y(double v) {
            double f =
                    logY
                            ? (Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))
                            : (v - y0) / (y1 - y0);
            return top + height - (int) Math.round(f * height);
        }

        void axes(Graphics2D g, double[] xTicks, String xLabel, String yLabel, String tickFormat) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1));
            g.drawRect(left, top, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (double v : xTicks) {
                g.drawString(String.format(Locale.ROOT, "%.0f", v), x(v) - 8, top + height + 18);
            }
            if (logY) {
                for (double v = y0; v <= y1 * 1.0001; v *= 10) {
                    g.drawString(String.format(Locale.ROOT, tickFormat, v), left - 50, y(v) + 4);
                    g.setColor(new Color(0xe0e0e0));
                    g.drawLine(left + 1, y(v), left + width - 1, y(v));
                    g.setColor(Color.BLACK);
                }
            } else {
                for (int k = 0; k <= 5; k++) {
                    double v = y0 + (y1 - y0) * k / 5;
                    g.drawString(String.format(Locale.ROOT, tickFormat, v), left - 50, y(v) + 4);
                }
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(xLabel, left + width / 2 - 20, top + height + 40);
            g.drawString(yLabel, left, top - 10);
        }

        void series(
                Graphics2D g,
                List<Point> points,
                ToDoubleFunction<Point> f,
                Color c,
                boolean dashed) {
            g.setColor(c);
            g.setStroke(
                    dashed
                            ? new BasicStroke(
                                    2,
                                    BasicStroke.CAP_BUTT,
                                    BasicStroke.JOIN_ROUND,
                                    10,
                                    new float[] {8, 6},
                                    0)
                            : new BasicStroke(2.5f));
            Integer px = null;
            Integer py = null;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (Point p : points) {
                double v = f.applyAsDouble(p);
                if (Double.isNaN(v) || (logY && v <= 0)) {
                    continue;
                }
                // +∞: the job fell behind and some scans never got a pose; drawn at the top
                boolean behind = Double.isInfinite(v);
                int x = x(p.robots());
                int y = behind ? top : y(Math.min(Math.max(v, y0), y1));
                if (px != null) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 4, y - 4, 8, 8);
                g.drawString(
                        behind ? "∞ (behind)" : String.format(Locale.ROOT, "%.0f", v),
                        x + 6,
                        behind ? y + 16 : y - 6);
                px = x;
                py = y;
            }
        }
    }
}
