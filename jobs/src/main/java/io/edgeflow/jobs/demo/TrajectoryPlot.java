package io.edgeflow.jobs.demo;

import io.edgeflow.protocol.Pose2;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws robots' trajectories side by side as a PNG, each in its own frame (robots do not share one
 * before the maps are merged), with equal axis scales and a 1 m grid.
 */
public final class TrajectoryPlot {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x17becf), new Color(0x8c564b), new Color(0xe377c2)
    };
    private static final int PANEL = 420;
    private static final int MARGIN = 30;

    private TrajectoryPlot() {}

    public static void write(Map<String, List<Pose2>> trajectories, String title, Path png)
            throws IOException {
        int panels = Math.max(1, trajectories.size());
        BufferedImage img =
                new BufferedImage(panels * PANEL, PANEL + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 10, 22);
        int i = 0;
        for (Map.Entry<String, List<Pose2>> e : trajectories.entrySet()) {
            drawPanel(g, i * PANEL, 40, e.getKey(), e.getValue(), PALETTE[i % PALETTE.length]);
            i++;
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    private static void drawPanel(
            Graphics2D g, int x0, int y0, String name, List<Pose2> poses, Color color) {
        double minX = 0, maxX = 0, minY = 0, maxY = 0;
        for (Pose2 p : poses) {
            minX = Math.min(minX, p.x());
            maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y());
            maxY = Math.max(maxY, p.y());
        }
        double span = Math.max(1, Math.max(maxX - minX, maxY - minY));
        double scale = (PANEL - 2 * MARGIN) / span;
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2;
        int ox = x0 + PANEL / 2;
        int oy = y0 + PANEL / 2;
        g.setClip(x0, y0, PANEL, PANEL);
        g.setColor(new Color(0xeeeeee));
        for (double v = Math.floor(cx - span); v <= cx + span; v += 1) {
            int px = (int) Math.round(ox + (v - cx) * scale);
            g.drawLine(px, y0 + MARGIN / 2, px, y0 + PANEL - MARGIN / 2);
        }
        for (double v = Math.floor(cy - span); v <= cy + span; v += 1) {
            int py = (int) Math.round(oy - (v - cy) * scale);
            g.drawLine(x0 + MARGIN / 2, py, x0 + PANEL - MARGIN / 2, py);
        }
        Path2D path = new Path2D.Double();
        boolean first = true;
        for (Pose2 p : poses) {
            double px = ox + (p.x() - cx) * scale;
            double py = oy - (p.y() - cy) * scale;
            if (first) {
                path.moveTo(px, py);
                first = false;
            } else {
                path.lineTo(px, py);
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(1.6f));
        g.draw(path);
        g.fillOval((int) (ox - cx * scale) - 4, (int) (oy + cy * scale) - 4, 8, 8);
        g.setClip(null);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(
                String.format(
                        "%s: %d poses, %.0f m × %.0f m (grid 1 m, dot = start)",
                        name, poses.size(), maxX - minX, maxY - minY),
                x0 + 8,
                y0 + PANEL - 6);
        g.setColor(new Color(0xcccccc));
        g.drawRect(x0, y0, PANEL - 1, PANEL - 1);
    }
}
