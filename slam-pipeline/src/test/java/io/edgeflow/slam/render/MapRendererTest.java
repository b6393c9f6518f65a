package io.edgeflow.slam.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeflow.protocol.Pose2;
import io.edgeflow.slam.mapping2d.PointSet;
import io.edgeflow.slam.mapping2d.ProbabilityGrid;
import io.edgeflow.slam.mapping2d.RangeData;
import io.edgeflow.slam.mapping2d.RangeDataInserter;
import io.edgeflow.slam.mapping2d.Submap;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapRendererTest {

    @Test
    void wallsAreDarkFreeSpaceLightUnknownGreyAndTheTrajectoryRed(@TempDir Path dir)
            throws Exception {
        // A submap with a wall 2 m ahead of its origin, placed in the world turned by 90°, so
        // the wall appears 2 m north of the origin.
        ProbabilityGrid grid = new ProbabilityGrid(0.05);
        RangeDataInserter inserter = new RangeDataInserter(0.55, 0.49);
        float[] ys = new float[21];
        float[] xs = new float[21];
        for (int i = 0; i < 21; i++) {
            xs[i] = 2.0f;
            ys[i] = -0.5f + i * 0.05f;
        }
        for (int k = 0; k < 20; k++) {
            inserter.insert(
                    grid, new RangeData(Pose2.ORIGIN, new PointSet(xs, ys), PointSet.EMPTY));
        }
        Submap submap = new Submap(0, Pose2.ORIGIN, grid, 20, true);
        BufferedImage img =
                MapRenderer.render(
                        Map.of(0, submap),
                        Map.of(0, new Pose2(0, 0, Math.PI / 2)),
                        0.05,
                        List.of(new Pose2(0, 0, 0), new Pose2(0, 1, 0)),
                        List.of());
        Path png = dir.resolve("map.png");
        MapRenderer.write(img, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(Files.size(png)).isPositive();

        // Find pixel coordinates of world points through the trajectory's red line: its lowest
        // red pixel is the origin.
        int originX = -1;
        int originY = -1;
        for (int y = 0; y < back.getHeight(); y++) {
            for (int x = 0; x < back.getWidth(); x++) {
                if (isRed(back.getRGB(x, y)) && y > originY) {
                    originX = x;
                    originY = y;
                }
            }
        }
        assertThat(originX).isNotNegative();
        int wallY = originY - 40; // 2 m north = 40 pixels up
        assertThat(grey(back.getRGB(originX, wallY))).isLessThan(100);
        assertThat(grey(back.getRGB(originX, originY - 30))).isGreaterThan(150);
        assertThat(back.getRGB(originX, wallY - 10) & 0xffffff).isEqualTo(0xC8C8C8);
    }

    private static boolean isRed(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        return r > 180 && g < 80;
    }

    private static int grey(int rgb) {
        return (rgb >> 8) & 0xff;
    }
}
