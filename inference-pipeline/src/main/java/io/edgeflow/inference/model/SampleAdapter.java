package io.edgeflow.inference.model;

import io.edgeflow.protocol.InferenceResult.NamedTensor;
import io.edgeflow.protocol.Tensor;
import java.util.List;

/**
 * A model's pre- and post-processing: a request tensor becomes one engine input sample of a fixed
 * shape (so samples stack into a batch), and an engine output sample becomes named result tensors.
 * Implementations are stateless and thread-safe.
 */
public interface SampleAdapter {
    float[] toSample(Tensor input) throws InvalidInputException;

    List<NamedTensor> toOutputs(SampleOutput output);
}
