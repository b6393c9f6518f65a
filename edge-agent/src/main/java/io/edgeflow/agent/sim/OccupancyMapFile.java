package io.edgeflow.agent.sim;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Occupancy maps in ROS map_server's format: a YAML file (image, resolution, origin, negate,
 * occupied_thresh, free_thresh) next to a greyscale image (binary PGM, or PNG) whose top row is the
 * map's highest y. Written trinary as map_saver does (occupied 0, free 254, unknown 205), as PNG: a
 * tenth of the PGM's size.
 */
public final class OccupancyMapFile {
    private static final double OCCUPIED_THRESH = 0.65;
    private static final double FREE_THRESH = 0.196;

    private OccupancyMapFile() {}

    /** Reads the map a map_server YAML file describes (its image path relative to the YAML). */
    public static OccupancyMap read(Path yaml) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(yaml, StandardCharsets.UTF_8)) {
            String l = line.replaceFirst("#.*", "").trim();
            int colon = l.indexOf(':');
            if (colon > 0) {
                fields.put(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
            }
        }
        String image = required(fields, "image", yaml);
        double resolution = Double.parseDouble(required(fields, "resolution", yaml));
        String[] origin = required(fields, "origin", yaml).replaceAll("[\\[\\]]", "").split(",");
        if (origin.length < 2) {
            throw new IOException(yaml + ": origin must be [x, y, theta]");
        }
        boolean negate = "1".equals(fields.getOrDefault("negate", "0"));
        double occupied =
                Double.parseDouble(
                        fields.getOrDefault("occupied_thresh", String.valueOf(OCCUPIED_THRESH)));
        double free =
                Double.parseDouble(fields.getOrDefault("free_thresh", String.valueOf(FREE_THRESH)));
        Path file = yaml.resolveSibling(image.replaceAll("^[\"']|[\"']$", ""));
        return fromImage(
                file,
                new Header(
                        resolution,
                        Double.parseDouble(origin[0].trim()),
                        Double.parseDouble(origin[1].trim()),
                        negate,
                        occupied,
                        free));
    }

    /** What the YAML says about the image: cell size, origin and how grey levels map to cells. */
    private record Header(
            double resolution,
            double originX,
            double originY,
            boolean negate,
            double occupiedThresh,
            double freeThresh) {}

    /** Writes {@code yaml} and, beside it, the PNG of the same base name. */
    public static void write(OccupancyMap map, Path yaml) throws IOException {
        String base = yaml.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path png = yaml.resolveSibling(base + ".png");
        BufferedImage img =
                new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        for (int row = 0; row < map.height(); row++) {
            int j = map.height() - 1 - row;
            for (int i = 0; i < map.width(); i++) {
                int v = map.cell(i, j);
                raster.setSample(
                        i,
                        row,
                        0,
                        v < 0
                                ? 205
                                : v >= OCCUPIED_THRESH * 100
                                        ? 0
                                        : v <= FREE_THRESH * 100 ? 254 : 205);
            }
        }
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer");
        }
        Files.writeString(
                yaml,
                String.format(
                        Locale.ROOT,
                        "image: %s%nresolution: %.6f%norigin: [%.6f, %.6f, 0.0]%nnegate: 0%n"
                                + "occupied_thresh: %.3f%nfree_thresh: %.3f%n",
                        png.getFileName(),
                        map.resolution(),
                        map.originX(),
                        map.originY(),
                        OCCUPIED_THRESH,
                        FREE_THRESH));
    }

    private static OccupancyMap fromImage(Path file, Header header) throws IOException {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pgm")) {
            return fromPgm(Files.readAllBytes(file), file, header);
        }
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException(file + ": not an image this JDK can read (use PGM or PNG)");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] grey = new byte[w * h];
        // grey images' raw samples: getRGB would pass them through a colour-space conversion
        boolean singleBand = img.getRaster().getNumBands() == 1;
        for (int row = 0; row < h; row++) {
            for (int i = 0; i < w; i++) {
                if (singleBand) {
                    grey[row * w + i] = (byte) img.getRaster().getSample(i, row, 0);
                    continue;
                }
                int rgb = img.getRGB(i, row);
                // map_server averages the channels
                grey[row * w + i] =
                        (byte) ((((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3);
            }
        }
        return fromGrey(grey, w, h, 255, header);
    }

    static OccupancyMap fromPgm(byte[] bytes, Path source, Header header) throws IOException {
        int[] pos = {0};
        String magic = token(bytes, pos, source);
        if (!magic.equals("P5")) {
            throw new IOException(source + ": not a binary PGM (P5), found " + magic);
        }
        int width = Integer.parseInt(token(bytes, pos, source));
        int height = Integer.parseInt(token(bytes, pos, source));
        int maxValue = Integer.parseInt(token(bytes, pos, source));
        if (maxValue < 1 || maxValue > 255) {
            throw new IOException(source + ": only 8-bit PGMs are supported");
        }
        int start = pos[0] + 1; // one whitespace byte after the header
        if (bytes.length - start < (long) width * height) {
            throw new IOException(source + ": truncated pixel data");
        }
        byte[] grey = java.util.Arrays.copyOfRange(bytes, start, start + width * height);
        return fromGrey(grey, width, height, maxValue, header);
    }

    /** Grey pixels, top row first, to cells, lowest row first. */
    private static OccupancyMap fromGrey(
            byte[] grey, int width, int height, int maxValue, Header header) {
        byte[] cells = new byte[width * height];
        for (int row = 0; row < height; row++) {
            int j = height - 1 - row;
            for (int i = 0; i < width; i++) {
                int pixel = grey[row * width + i] & 0xff;
                double p = (header.negate() ? pixel : maxValue - pixel) / (double) maxValue;
                cells[j * width + i] =
                        p > header.occupiedThresh()
                                ? 100
                                : p < header.freeThresh() ? 0 : OccupancyMap.UNKNOWN;
            }
        }
        return new OccupancyMap(
                width, height, header.resolution(), header.originX(), header.originY(), cells);
    }

    private static String token(byte[] b, int[] pos, Path source) throws IOException {
        while (pos[0] < b.length) {
            if (b[pos[0]] == '#') {
                while (pos[0] < b.length && b[pos[0]] != '\n') {
                    pos[0]++;
                }
            } else if (Character.isWhitespace(b[pos[0]])) {
                pos[0]++;
            } else {
                break;
            }
        }
        int start = pos[0];
        while (pos[0] < b.length && !Character.isWhitespace(b[pos[0]])) {
            pos[0]++;
        }
        if (start == pos[0]) {
            throw new IOException(source + ": truncated PGM header");
        }
        return new String(b, start, pos[0] - start, StandardCharsets.US_ASCII);
    }

    private static String required(Map<String, String> fields, String key, Path yaml)
            throws IOException {
        String v = fields.get(key);
        if (v == null || v.isEmpty()) {
            throw new IOException(yaml + ": missing '" + key + "'");
        }
        return v;
    }
}
