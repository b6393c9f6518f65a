package io.edgeflow.protocol;

/** The outcome of decoding untrusted bytes: a frame or a typed error, never an exception. */
public sealed interface DecodeResult permits Frame, DecodeError {}
