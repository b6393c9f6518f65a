package io.edgeflow.inference.model;

/** What the model files are, which decides how DJL's Criteria loads them. */
public enum ModelFormat {
    /** An .onnx file, run by the OnnxRuntime engine. */
    ONNX,
    /** A TorchScript .pt file, run by the PyTorch engine. */
    TORCHSCRIPT,
    /**
     * A DJL Block built in code ({@link BlockArchitectures}) plus its saved .params weights, run by
     * the PyTorch engine.
     */
    DJL_BLOCK
}
