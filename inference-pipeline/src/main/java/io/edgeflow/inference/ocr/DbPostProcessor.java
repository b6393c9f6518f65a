package io.edgeflow.inference.ocr;

import io.edgeflow.inference.ocr.LabelScenes.Box;
import java.util.ArrayList;
import java.util.List;

/**
 * DB (differentiable binarization) post-processing for PP-OCR's detector: threshold the text
 * probability map, take 8-connected components, keep those whose mean probability reaches the box
 * threshold, and grow each box by the unclip distance area × ratio / perimeter (the detector
 * predicts shrunk text regions). Boxes are axis-aligned.
 */
public final class DbPostProcessor {
    private final float threshold;
    private final float boxThreshold;
    private final double unclipRatio;
    private final int minSide;

    public DbPostProcessor(float threshold, float boxThreshold, double unclipRatio, int minSide) {
        this.threshold = threshold;
        this.boxThreshold = boxThreshold;
        this.unclipRatio = unclipRatio;
        this.minSide = minSide;
    }

    public static DbPostProcessor defaults() {
        return new DbPostProcessor(0.3f, 0.6f, 1.5, 3);
    }

    /** Boxes in the probability map's pixel coordinates. */
    public List<Box> boxes(float[] probabilities, int width, int height) {
        boolean[] seen = new boolean[width * height];
        int[] stack = new int[width * height];
        List<Box> boxes = new ArrayList<>();
        for (int start = 0; start < seen.length; start++) {
            if (seen[start] || probabilities[start] < threshold) {
                continue;
            }
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            int minX = width;
            int minY = height;
            int maxX = -1;
            int maxY = -1;
            double sum = 0;
            int count = 0;
            while (top > 0) {
                int p = stack[--top];
                int x = p % width;
                int y = p / width;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                sum += probabilities[p];
                count++;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                            continue;
                        }
                        int q = ny * width + nx;
                        if (!seen[q] && probabilities[q] >= threshold) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            int w = maxX - minX + 1;
            int h = maxY - minY + 1;
            if (Math.min(w, h) < minSide || sum / count < boxThreshold) {
                continue;
            }
            double d = (double) w * h * unclipRatio / (2.0 * (w + h));
            int x0 = (int) Math.max(0, Math.floor(minX - d));
            int y0 = (int) Math.max(0, Math.floor(minY - d));
            int x1 = (int) Math.min(width, Math.ceil(maxX + 1 + d));
            int y1 = (int) Math.min(height, Math.ceil(maxY + 1 + d));
            boxes.add(new Box(x0, y0, x1 - x0, y1 - y0));
        }
        return boxes;
    }
}
