package io.edgeflow.protocol;

/** A decoded frame: who sent it, how its payload travelled, and the message it carried. */
public record Frame(int nodeId, Compression compression, Message message) implements DecodeResult {
    public MessageType type() {
        return message.type();
    }
}
