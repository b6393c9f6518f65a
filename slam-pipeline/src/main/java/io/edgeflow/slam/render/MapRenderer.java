package io.edgeflow.slam.render;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import io.edgeflow.slam.mapping2d.Submap;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Renders the map as a PNG: submaps placed at their global poses and fused by adding log-odds (so
 * several submaps agreeing on a wall make it darker, and disagreement shows as blur or doubled
 * walls), white = free, black = occupied, grey = unknown; the trajectory as a red line and
 * loop-closure edges, if given, as thin blue lines. North (+y) is up.
 */
public final class MapRenderer {
    private static final int MARGIN_CELLS = 20;

    private MapRenderer() {}

    /** A line between two global positions, e.g. a loop-closure edge. */
    public record Edge(Pose2 from, Pose2 to) {}

    public static BufferedImage render(
            Map<Integer, Submap> submaps,
            Map<Integer, Pose2> globalPoses,
            double resolution,
            List<Pose2> trajectory,
            List<Edge> edges) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (var e : submaps.entrySet()) {
            ProbabilityGrid g = e.getValue().grid();
            if (g.width() == 0) {
                continue;
            }
            Pose2 toGlobal = toGlobal(e.getValue(), globalPoses.get(e.getKey()));
            double r = g.resolution();
            double[][] corners = {
                {g.minCellX() * r, g.minCellY() * r},
                {(g.minCellX() + g.width()) * r, g.minCellY() * r},
                {g.minCellX() * r, (g.minCellY() + g.height()) * r},
                {(g.minCellX() + g.width()) * r, (g.minCellY() + g.height()) * r}
            };
            for (double[] c : corners) {
                Pose2 p = toGlobal.compose(new Pose2(c[0], c[1], 0));
                minX = Math.min(minX, p.x());
                minY = Math.min(minY, p.y());
                maxX = Math.max(maxX, p.x());
                maxY = Math.max(maxY, p.y());
            }
        }
        for (Pose2 p : trajectory) {
            minX = Math.min(minX, p.x());
            minY = Math.min(minY, p.y());
            maxX = Math.max(maxX, p.x());
            maxY = Math.max(maxY, p.y());
        }
        if (!Double.isFinite(minX)) {
            minX = minY = 0;
            maxX = maxY = 1;
        }
        int w = (int) Math.ceil((maxX - minX) / resolution) + 2 * MARGIN_CELLS;
        int h = (int) Math.ceil((maxY - minY) / resolution) + 2 * MARGIN_CELLS;
        double ox = minX - MARGIN_CELLS * resolution;
        double oy = minY - MARGIN_CELLS * resolution;
        float[] sum = new float[w * h];
        boolean[] known = new boolean[w * h];
        for (var e : submaps.entrySet()) {
            ProbabilityGrid g = e.getValue().grid();
            Pose2 toGlobal = toGlobal(e.getValue(), globalPoses.get(e.getKey()));
            double c = Math.cos(toGlobal.theta());
            double s = Math.sin(toGlobal.theta());
            double r = g.resolution();
            // Sample the submap once per output pixel it covers (output pixels → submap cells),
            // so rotated submaps leave no holes.
            for (int cy = g.minCellY(); cy < g.minCellY() + g.height(); cy++) {
                for (int cx = g.minCellX(); cx < g.minCellX() + g.width(); cx++) {
                    float l = g.logOddsAt(cx, cy);
                    if (Float.isNaN(l)) {
                        continue;
                    }
                    double lx = (cx + 0.5) * r;
                    double ly = (cy + 0.5) * r;
                    double gx = toGlobal.x() + c * lx - s * ly;
                    double gy = toGlobal.y() + s * lx + c * ly;
                    int px = (int) Math.floor((gx - ox) / resolution);
                    int py = (int) Math.floor((gy - oy) / resolution);
                    if (px >= 0 && py >= 0 && px < w && py < h) {
                        sum[py * w + px] += l;
                        known[py * w + px] = true;
                    }
                }
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int py = 0; py < h; py++) {
            for (int px = 0; px < w; px++) {
                int i = py * w + px;
                int rgb;
                if (!known[i]) {
                    rgb = 0xC8C8C8;
                } else {
                    double p = 1 / (1 + Math.exp(-sum[i]));
                    int v = (int) Math.round(255 * (1 - p));
                    rgb = (v << 16) | (v << 8) | v;
                }
                img.setRGB(px, h - 1 - py, rgb);
            }
        }
        Graphics2D gr = img.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        gr.setColor(new Color(40, 90, 220, 120));
        gr.setStroke(new BasicStroke(1f));
        for (Edge e : edges) {
            gr.drawLine(
                    px(e.from(), ox, resolution),
                    py(e.from(), oy, resolution, h),
                    px(e.to(), ox, resolution),
                    py(e.to(), oy, resolution, h));
        }
        gr.setColor(new Color(220, 30, 30));
        gr.setStroke(new BasicStroke(1.5f));
        for (int i = 1; i < trajectory.size(); i++) {
            gr.drawLine(
                    px(trajectory.get(i - 1), ox, resolution),
                    py(trajectory.get(i - 1), oy, resolution, h),
                    px(trajectory.get(i), ox, resolution),
                    py(trajectory.get(i), oy, resolution, h));
        }
        gr.dispose();
        return img;
    }

    public static void write(BufferedImage img, Path png) throws IOException {
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        ImageIO.write(img, "png", png.toFile());
    }

    // A submap's grid frame is the local frame; its global pose = toGlobal ⊕ localPose.
    private static Pose2 toGlobal(Submap s, Pose2 global) {
        return global.compose(s.localPose().between(Pose2.ORIGIN));
    }

    private static int px(Pose2 p, double ox, double res) {
        return (int) Math.floor((p.x() - ox) / res);
    }

    private static int py(Pose2 p, double oy, double res, int h) {
        return h - 1 - (int) Math.floor((p.y() - oy) / res);
    }
}
