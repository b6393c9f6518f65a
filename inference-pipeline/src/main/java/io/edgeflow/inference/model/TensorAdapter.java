package io.edgeflow.inference.model;

import io.edgeflow.protocol.InferenceResult.NamedTensor;
import io.edgeflow.protocol.Tensor;
import java.util.Arrays;
import java.util.List;

/** Passes a RAW FLOAT32 tensor of the model's sample shape through; one output named "output". */
public final class TensorAdapter implements SampleAdapter {
    private final long[] sampleShape;

    public TensorAdapter(long[] sampleShape) {
        this.sampleShape = sampleShape.clone();
    }

    @Override
    public float[] toSample(Tensor input) throws InvalidInputException {
        if (input.encoding() != Tensor.Encoding.RAW || input.dtype() != Tensor.DType.FLOAT32) {
            throw new InvalidInputException(
                    "expects RAW FLOAT32, got " + input.encoding() + " " + input.dtype());
        }
        long[] shape = Arrays.stream(input.shape()).asLongStream().toArray();
        if (!Arrays.equals(shape, sampleShape)) {
            throw new InvalidInputException(
                    "expects shape "
                            + Arrays.toString(sampleShape)
                            + ", got "
                            + Arrays.toString(input.shape()));
        }
        return input.asFloats();
    }

    @Override
    public List<NamedTensor> toOutputs(SampleOutput output) {
        int[] shape = Arrays.stream(output.shape()).mapToInt(Math::toIntExact).toArray();
        return List.of(new NamedTensor("output", Tensor.floats(shape, output.values())));
    }
}
