package io.edgeflow.slam.collab;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.LocalSlamConfig;
import io.edgeflow.slam.mapping2d.Submap;
import io.edgeflow.slam.render.MapRenderer;
import io.edgeflow.slam.render.PosedScansMap;
import io.edgeflow.slam.render.PosedScansMap.PosedScan;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * The merged map of a group: every robot's scans inserted at their group-frame poses into one grid
 * (doubled walls would show a bad merge), each robot's trajectory in its own colour on top.
 */
public final class MergedMapImage {
    private static final Color[] COLOURS = {
        new Color(220, 30, 30),
        new Color(30, 110, 230),
        new Color(20, 160, 60),
        new Color(230, 140, 0),
        new Color(150, 40, 200),
        new Color(0, 170, 170)
    };
    // MapRenderer's margin around the grid, in cells
    private static final int MARGIN_CELLS = 20;

    private MergedMapImage() {}

    public static Color colourOf(char robot) {
        return COLOURS[(robot - 'a') % COLOURS.length];
    }

    public static BufferedImage render(
            Map<Character, List<PosedScan>> robots, LocalSlamConfig config) {
        double res = config.resolution();
        Submap map =
                PosedScansMap.occupancy(
                        robots.values().stream().flatMap(List::stream).toList(), config);
        BufferedImage img =
                MapRenderer.render(
                        Map.of(0, map), Map.of(0, Pose2.ORIGIN), res, List.of(), List.of());
        // with no trajectory the image spans the grid plus the renderer's margin
        double ox = (map.grid().minCellX() - MARGIN_CELLS) * res;
        double oy = (map.grid().minCellY() - MARGIN_CELLS) * res;
        int h = img.getHeight();
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2f));
        for (Map.Entry<Character, List<PosedScan>> e : robots.entrySet()) {
            g.setColor(colourOf(e.getKey()));
            List<PosedScan> scans = e.getValue();
            for (int i = 1; i < scans.size(); i++) {
                Pose2 a = scans.get(i - 1).pose(), b = scans.get(i).pose();
                g.drawLine(
                        (int) Math.floor((a.x() - ox) / res),
                        h - 1 - (int) Math.floor((a.y() - oy) / res),
                        (int) Math.floor((b.x() - ox) / res),
                        h - 1 - (int) Math.floor((b.y() - oy) / res));
            }
            if (!scans.isEmpty()) {
                Pose2 s = scans.get(0).pose();
                int x = (int) Math.floor((s.x() - ox) / res);
                int y = h - 1 - (int) Math.floor((s.y() - oy) / res);
                g.fillOval(x - 6, y - 6, 12, 12);
                g.drawString(String.valueOf(e.getKey()), x + 8, y - 8);
            }
        }
        g.dispose();
        return img;
    }
}
