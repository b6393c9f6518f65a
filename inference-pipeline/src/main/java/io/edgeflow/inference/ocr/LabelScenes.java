package io.edgeflow.inference.ocr;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The OCR evaluation set edgeflow generates: camera-like frames with shelf and bin labels rendered
 * by Java2D at known boxes, so detection and recognition can be scored exactly. Seeded: the same
 * seed gives the same scenes.
 */
public final class LabelScenes {
    public static final int FRAME_WIDTH = 640;
    public static final int FRAME_HEIGHT = 480;
    static final String[] FONTS = {"SansSerif", "Serif", "Monospaced", "Dialog"};

    /** How hard a scene is; each condition is scored separately. */
    public enum Condition {
        UPRIGHT,
        ROTATED,
        SMALL,
        BLURRED
    }

    /** An axis-aligned box in pixels. */
    public record Box(int x, int y, int width, int height) {
        public double iou(Box o) {
            int x0 = Math.max(x, o.x);
            int y0 = Math.max(y, o.y);
            int x1 = Math.min(x + width, o.x + o.width);
            int y1 = Math.min(y + height, o.y + o.height);
            long inter = (long) Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
            long union = (long) width * height + (long) o.width * o.height - inter;
            return union == 0 ? 0 : (double) inter / union;
        }
    }

    public record Label(String text, Box box) {}

    public record Scene(Condition condition, BufferedImage image, List<Label> labels) {}

    private LabelScenes() {}

    /** A label string as printed on shelves and bins, e.g. "BIN A-12", "SKU 48213". */
    public static String labelText(Random r) {
        String letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
        char a = letters.charAt(r.nextInt(letters.length()));
        return switch (r.nextInt(4)) {
            case 0 -> "BIN " + a + "-" + (10 + r.nextInt(90));
            case 1 -> "SHELF " + (1 + r.nextInt(40)) + a;
            case 2 -> "SKU " + (10000 + r.nextInt(90000));
            default -> "AISLE " + (1 + r.nextInt(20)) + "-" + a + (r.nextInt(9) + 1);
        };
    }

    public static List<Scene> generate(Condition condition, int count, long seed) {
        Random r = new Random(seed * 31 + condition.ordinal());
        List<Scene> scenes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            scenes.add(scene(condition, r));
        }
        return scenes;
    }

    static Scene scene(Condition condition, Random r) {
        BufferedImage img =
                new BufferedImage(FRAME_WIDTH, FRAME_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        // A shelf-like backdrop: gray gradient bands.
        for (int y = 0; y < FRAME_HEIGHT; y++) {
            int v = 90 + (int) (40 * Math.sin(y / 37.0)) + r.nextInt(6);
            g.setColor(new Color(v, v + 5, v + 12));
            g.drawLine(0, y, FRAME_WIDTH, y);
        }
        List<Label> labels = new ArrayList<>();
        int rows = 3;
        for (int row = 0; row < rows; row++) {
            String text = labelText(r);
            int size = condition == Condition.SMALL ? 13 + r.nextInt(4) : 26 + r.nextInt(14);
            Font font =
                    new Font(
                            FONTS[r.nextInt(FONTS.length)],
                            r.nextBoolean() ? Font.BOLD : Font.PLAIN,
                            size);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            int pad = Math.max(4, size / 3);
            int w = fm.stringWidth(text) + 2 * pad;
            int h = fm.getAscent() + fm.getDescent() + 2 * pad;
            int x = 20 + r.nextInt(Math.max(1, FRAME_WIDTH - w - 40));
            int y =
                    20
                            + row * (FRAME_HEIGHT / rows)
                            + r.nextInt(Math.max(1, FRAME_HEIGHT / rows - h - 30));
            double angle =
                    condition == Condition.ROTATED
                            ? Math.toRadians((r.nextBoolean() ? 1 : -1) * (5 + r.nextInt(11)))
                            : 0;
            AffineTransform saved = g.getTransform();
            g.rotate(angle, x + w / 2.0, y + h / 2.0);
            g.setColor(new Color(235 + r.nextInt(20), 235 + r.nextInt(20), 225 + r.nextInt(30)));
            g.fillRect(x, y, w, h);
            g.setColor(new Color(r.nextInt(40), r.nextInt(40), r.nextInt(60)));
            int baseline = y + pad + fm.getAscent();
            g.drawString(text, x + pad, baseline);
            g.setTransform(saved);
            // The ground-truth box is the text's ink, as a detector sees it, not the label card.
            java.awt.geom.Rectangle2D ink =
                    font.createGlyphVector(g.getFontRenderContext(), text).getVisualBounds();
            Box inkBox =
                    rotatedAbout(
                            x + pad + ink.getX(),
                            baseline + ink.getY(),
                            ink.getWidth(),
                            ink.getHeight(),
                            angle,
                            x + w / 2.0,
                            y + h / 2.0);
            labels.add(new Label(text, inkBox));
        }
        g.dispose();
        addNoise(img, r, 6);
        BufferedImage out = condition == Condition.BLURRED ? blur(img, 2) : img;
        return new Scene(condition, out, labels);
    }

    /** The axis-aligned box around a rectangle rotated by {@code angle} about (cx, cy). */
    static Box rotatedAbout(
            double x, double y, double w, double h, double angle, double cx, double cy) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (double[] p : new double[][] {{x, y}, {x + w, y}, {x, y + h}, {x + w, y + h}}) {
            double dx = p[0] - cx;
            double dy = p[1] - cy;
            double rx = cx + dx * cos - dy * sin;
            double ry = cy + dx * sin + dy * cos;
            minX = Math.min(minX, rx);
            maxX = Math.max(maxX, rx);
            minY = Math.min(minY, ry);
            maxY = Math.max(maxY, ry);
        }
        int bx = (int) Math.floor(minX);
        int by = (int) Math.floor(minY);
        return new Box(bx, by, (int) Math.ceil(maxX) - bx, (int) Math.ceil(maxY) - by);
    }

    /** The axis-aligned box around a w×h rectangle at (x, y) rotated about its center. */
    static Box rotatedBounds(int x, int y, int w, int h, double angle) {
        double c = Math.abs(Math.cos(angle));
        double s = Math.abs(Math.sin(angle));
        double bw = w * c + h * s;
        double bh = w * s + h * c;
        double cx = x + w / 2.0;
        double cy = y + h / 2.0;
        return new Box(
                (int) Math.round(cx - bw / 2),
                (int) Math.round(cy - bh / 2),
                (int) Math.round(bw),
                (int) Math.round(bh));
    }

    static void addNoise(BufferedImage img, Random r, int amplitude) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int n = r.nextInt(2 * amplitude + 1) - amplitude;
                int red = clamp(((p >> 16) & 0xff) + n);
                int green = clamp(((p >> 8) & 0xff) + n);
                int blue = clamp((p & 0xff) + n);
                img.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
    }

    static BufferedImage blur(BufferedImage img, int radius) {
        int size = 2 * radius + 1;
        float[] k = new float[size * size];
        java.util.Arrays.fill(k, 1f / k.length);
        return new ConvolveOp(new Kernel(size, size, k), ConvolveOp.EDGE_NO_OP, null)
                .filter(img, null);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * A text line cut out for the recognizer: the box grown by a quarter of its height on every
     * side (recognizers are trained on lines with some background around the ink).
     */
    public static BufferedImage lineCrop(BufferedImage img, Box b) {
        int m = Math.max(2, b.height() / 4);
        return crop(img, new Box(b.x() - m, b.y() - m, b.width() + 2 * m, b.height() + 2 * m));
    }

    /** The pixels of a box, clipped to the image. */
    public static BufferedImage crop(BufferedImage img, Box b) {
        int x0 = Math.max(0, b.x());
        int y0 = Math.max(0, b.y());
        int x1 = Math.min(img.getWidth(), b.x() + b.width());
        int y1 = Math.min(img.getHeight(), b.y() + b.height());
        BufferedImage out =
                new BufferedImage(
                        Math.max(1, x1 - x0), Math.max(1, y1 - y0), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, -x0, -y0, null);
        g.dispose();
        return out;
    }
}
