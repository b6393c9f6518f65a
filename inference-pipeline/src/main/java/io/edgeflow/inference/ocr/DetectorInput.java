package io.edgeflow.inference.ocr;

import java.awt.image.BufferedImage;

/**
 * PP-OCR detector pre-processing: BGR → (x/255 − mean)/std per channel (ImageNet statistics), CHW.
 * Width and height must be multiples of 32 (other sizes fail inside the graph).
 */
public final class DetectorInput {
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    private DetectorInput() {}

    public static float[] toSample(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (w % 32 != 0 || h % 32 != 0) {
            throw new IllegalArgumentException(
                    "detector input must be multiples of 32, got " + w + "x" + h);
        }
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            // BGR, as PaddleOCR feeds its models; its mean/std apply in that channel order.
            chw[i] = ((p & 0xff) / 255f - MEAN[0]) / STD[0];
            chw[plane + i] = (((p >> 8) & 0xff) / 255f - MEAN[1]) / STD[1];
            chw[2 * plane + i] = (((p >> 16) & 0xff) / 255f - MEAN[2]) / STD[2];
        }
        return chw;
    }
}
