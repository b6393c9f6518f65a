package io.edgeflow.inference.ocr;

import io.edgeflow.inference.model.InvalidInputException;
import io.edgeflow.inference.model.SampleAdapter;
import io.edgeflow.inference.model.SampleOutput;
import io.edgeflow.inference.ocr.LabelScenes.Box;
import io.edgeflow.protocol.InferenceResult.NamedTensor;
import io.edgeflow.protocol.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * PP-OCRv4 detector pre/post-processing for camera frames: a frame (PNG, JPEG or RAW UINT8 [H, W,
 * 3] RGB) of exactly the model's sample size, so frames batch, is normalized by {@link
 * DetectorInput}; the probability map becomes text-line boxes by {@link DbPostProcessor}, returned
 * as FLOAT32 [n, 4] "boxes" (x, y, width, height in the frame's pixels).
 */
public final class DetectorAdapter implements SampleAdapter {
    private final int width;
    private final int height;
    private final DbPostProcessor db = DbPostProcessor.defaults();

    /**
     * @param sampleShape [3, height, width], both multiples of 32
     */
    public DetectorAdapter(long[] sampleShape) {
        if (sampleShape.length != 3 || sampleShape[0] != 3) {
            throw new IllegalArgumentException("detector sample shape must be [3, H, W]");
        }
        this.height = Math.toIntExact(sampleShape[1]);
        this.width = Math.toIntExact(sampleShape[2]);
    }

    @Override
    public float[] toSample(Tensor input) throws InvalidInputException {
        BufferedImage frame = Images.toImage(input);
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new InvalidInputException(
                    "expects a "
                            + width
                            + "x"
                            + height
                            + " frame, got "
                            + frame.getWidth()
                            + "x"
                            + frame.getHeight());
        }
        return DetectorInput.toSample(frame);
    }

    @Override
    public List<NamedTensor> toOutputs(SampleOutput output) {
        List<Box> boxes = db.boxes(output.values(), width, height);
        float[] v = new float[4 * boxes.size()];
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            v[4 * i] = b.x();
            v[4 * i + 1] = b.y();
            v[4 * i + 2] = b.width();
            v[4 * i + 3] = b.height();
        }
        return List.of(new NamedTensor("boxes", Tensor.floats(new int[] {boxes.size(), 4}, v)));
    }

    /** The boxes of a "boxes" output tensor. */
    public static List<Box> boxes(Tensor t) {
        float[] v = t.asFloats();
        List<Box> boxes = new ArrayList<>(v.length / 4);
        for (int i = 0; i + 3 < v.length; i += 4) {
            boxes.add(new Box((int) v[i], (int) v[i + 1], (int) v[i + 2], (int) v[i + 3]));
        }
        return boxes;
    }
}
