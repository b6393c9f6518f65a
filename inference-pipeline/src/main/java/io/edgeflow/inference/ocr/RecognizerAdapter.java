package io.edgeflow.inference.ocr;

import io.edgeflow.inference.model.InvalidInputException;
import io.edgeflow.inference.model.SampleAdapter;
import io.edgeflow.inference.model.SampleOutput;
import io.edgeflow.protocol.InferenceResult.NamedTensor;
import io.edgeflow.protocol.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * PP-OCRv4 recognizer pre/post-processing: a text-line image (RAW UINT8 [H, W, 3] RGB, or PNG or
 * JPEG) is scaled to height 48 keeping its aspect ratio (at most {@link #WIDTH} wide), normalized
 * to (x/255 − 0.5)/0.5 in BGR CHW order (as PaddleOCR trains them) and zero-padded to {@link
 * #WIDTH}, so every sample has the same shape [3, 48, 320] and samples batch. Output [T, 6625]
 * probabilities → greedy CTC text.
 */
public final class RecognizerAdapter implements SampleAdapter {
    public static final int HEIGHT = 48;
    public static final int WIDTH = 320;
    public static final long[] SAMPLE_SHAPE = {3, HEIGHT, WIDTH};

    private final CtcDecoder decoder;

    public RecognizerAdapter(CtcDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public float[] toSample(Tensor input) throws InvalidInputException {
        return toSample(Images.toImage(input));
    }

    public static float[] toSample(BufferedImage line) {
        int w =
                Math.max(
                        1,
                        Math.min(
                                WIDTH,
                                (int)
                                        Math.ceil(
                                                HEIGHT
                                                        * (double) line.getWidth()
                                                        / line.getHeight())));
        BufferedImage scaled = Images.resize(line, w, HEIGHT);
        float[] chw = new float[3 * HEIGHT * WIDTH];
        int[] rgb = scaled.getRGB(0, 0, w, HEIGHT, null, 0, w);
        int plane = HEIGHT * WIDTH;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb[y * w + x];
                int at = y * WIDTH + x;
                // BGR, as PaddleOCR feeds its models (OpenCV's channel order).
                chw[at] = (p & 0xff) / 127.5f - 1f;
                chw[plane + at] = ((p >> 8) & 0xff) / 127.5f - 1f;
                chw[2 * plane + at] = ((p >> 16) & 0xff) / 127.5f - 1f;
            }
        }
        return chw;
    }

    @Override
    public List<NamedTensor> toOutputs(SampleOutput output) {
        CtcDecoder.Decoded d = decoder.decode(output.values(), (int) output.shape()[0]);
        return List.of(
                new NamedTensor("text", Tensor.text(d.text())),
                new NamedTensor(
                        "confidence", Tensor.floats(new int[] {1}, new float[] {d.confidence()})));
    }

    public String text(SampleOutput output) {
        return decoder.decode(output.values(), (int) output.shape()[0]).text();
    }
}
