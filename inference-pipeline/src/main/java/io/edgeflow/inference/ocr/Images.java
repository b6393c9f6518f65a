package io.edgeflow.inference.ocr;

import io.edgeflow.inference.model.InvalidInputException;
import io.edgeflow.protocol.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Converting between request tensors and Java2D images, and bilinear resizing. */
public final class Images {
    private Images() {}

    public static BufferedImage toImage(Tensor t) throws InvalidInputException {
        if (t.encoding() == Tensor.Encoding.PNG || t.encoding() == Tensor.Encoding.JPEG) {
            try {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(t.data()));
                if (img == null) {
                    throw new InvalidInputException("undecodable " + t.encoding() + " image");
                }
                return img;
            } catch (IOException e) {
                throw new InvalidInputException(t.encoding() + ": " + e.getMessage());
            }
        }
        if (t.dtype() != Tensor.DType.UINT8 || t.shape().length != 3 || t.shape()[2] != 3) {
            throw new InvalidInputException("expects a UINT8 [height, width, 3] RGB image");
        }
        int h = t.shape()[0];
        int w = t.shape()[1];
        if (h == 0 || w == 0) {
            throw new InvalidInputException("empty image");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        byte[] d = t.data();
        if (d.length != 3 * w * h) {
            throw new InvalidInputException(d.length + " bytes for a " + h + "x" + w + "x3 image");
        }
        // Straight into the raster (0x00RRGGBB ints): setRGB converts pixel by pixel.
        int[] rgb = pixels(img);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (d[3 * i] & 0xff) << 16 | (d[3 * i + 1] & 0xff) << 8 | (d[3 * i + 2] & 0xff);
        }
        return img;
    }

    /** A RAW UINT8 [H, W, 3] RGB tensor of the image. */
    public static Tensor toRawTensor(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] d = new byte[3 * rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            d[3 * i] = (byte) (rgb[i] >> 16);
            d[3 * i + 1] = (byte) (rgb[i] >> 8);
            d[3 * i + 2] = (byte) rgb[i];
        }
        return Tensor.bytes(new int[] {h, w, 3}, d);
    }

    public static Tensor toPngTensor(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return encoded(Tensor.Encoding.PNG, img, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JPEG tensor, as cameras send frames (a generated 640x480 frame: ~80 KB, as PNG ~280 KB).
     */
    public static Tensor toJpegTensor(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(img, null, null), param);
            stream.flush();
            return encoded(Tensor.Encoding.JPEG, img, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static Tensor encoded(Tensor.Encoding encoding, BufferedImage img, byte[] data) {
        return new Tensor(
                encoding, Tensor.DType.UINT8, new int[] {img.getHeight(), img.getWidth(), 3}, data);
    }

    /**
     * The pixels of a {@link BufferedImage#TYPE_INT_RGB} image as 0x00RRGGBB, the raster's own
     * array (no copy: writes change the image).
     */
    public static int[] pixels(BufferedImage intRgb) {
        if (intRgb.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("expects TYPE_INT_RGB, got " + intRgb.getType());
        }
        return ((DataBufferInt) intRgb.getRaster().getDataBuffer()).getData();
    }

    /** A TYPE_INT_RGB image of {@code w}×{@code h}, bilinear. */
    public static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
