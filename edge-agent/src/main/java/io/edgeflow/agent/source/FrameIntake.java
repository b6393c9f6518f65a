package io.edgeflow.agent.source;

import io.edgeflow.agent.crypto.NodeKeys;
import io.edgeflow.agent.outbox.MessageClass;
import io.edgeflow.agent.outbox.Outbox;
import io.edgeflow.agent.outbox.OutboxFullException;
import io.edgeflow.agent.outbox.PendingFrame;
import io.edgeflow.protocol.DecodeError;
import io.edgeflow.protocol.DecodeResult;
import io.edgeflow.protocol.Frame;
import io.edgeflow.protocol.FrameCodec;
import io.edgeflow.protocol.NodeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way into the outbox for every source: checks each frame (a valid plaintext protocol frame
 * of one of this agent's nodes), seals it with the node's key if its class is encrypted, and
 * appends the batch durably. When {@link #submit} returns, the frames are safe: that is the moment
 * a source may acknowledge them.
 */
public final class FrameIntake {
    private final Outbox outbox;
    private final FrameCodec codec;
    private final Map<Integer, byte[]> keyByNode;
    private final NodeKeys keys;
    private final Set<MessageClass> encrypted;
    private final AtomicLong rejected = new AtomicLong();

    /**
     * @param nodeNames the nodes whose frames this agent sends (the record key is the name)
     * @param keys the nodes' encryption keys, or null if no class is encrypted
     */
    public FrameIntake(
            Outbox outbox,
            int maxPayloadBytes,
            List<String> nodeNames,
            NodeKeys keys,
            Set<MessageClass> encrypted) {
        if (!encrypted.isEmpty() && keys == null) {
            throw new IllegalArgumentException(
                    "encrypted classes " + encrypted + " need a key file");
        }
        this.outbox = outbox;
        this.codec = new FrameCodec(maxPayloadBytes);
        Map<Integer, byte[]> byNode = new java.util.HashMap<>();
        for (String name : nodeNames) {
            byte[] previous = byNode.put(NodeId.of(name), name.getBytes(StandardCharsets.UTF_8));
            if (previous != null && !new String(previous, StandardCharsets.UTF_8).equals(name)) {
                throw new IllegalArgumentException(
                        "node names "
                                + name
                                + " and "
                                + new String(previous, StandardCharsets.UTF_8)
                                + " have the same node id");
            }
        }
        this.keyByNode = Map.copyOf(byNode);
        this.keys = keys;
        this.encrypted =
                encrypted.isEmpty()
                        ? EnumSet.noneOf(MessageClass.class)
                        : EnumSet.copyOf(encrypted);
    }

    /**
     * Appends frames of one class durably, in order.
     *
     * @throws InvalidFrameException at the first frame that is not acceptable, after appending the
     *     ones before it
     * @throws OutboxFullException under the BLOCK policy when there was no room in time: none of
     *     the frames was appended
     */
    public Outbox.AppendResult submit(List<byte[]> frames, MessageClass messageClass)
            throws InvalidFrameException, OutboxFullException, IOException, InterruptedException {
        List<PendingFrame> pending = new ArrayList<>(frames.size());
        String invalid = null;
        for (byte[] bytes : frames) {
            DecodeResult r = codec.decode(bytes);
            if (r instanceof DecodeError e) {
                invalid =
                        "frame "
                                + pending.size()
                                + " of the batch: "
                                + e.reason().label()
                                + ": "
                                + e.detail();
                break;
            }
            Frame f = (Frame) r;
            byte[] key = keyByNode.get(f.nodeId());
            if (key == null) {
                invalid =
                        "frame "
                                + pending.size()
                                + " of the batch: node id "
                                + NodeId.hex(f.nodeId())
                                + " is not one of this agent's nodes (config 'nodes')";
                break;
            }
            byte[] stored = bytes;
            if (encrypted.contains(messageClass)) {
                if (keys.activeKeyId(f.nodeId()).isEmpty()) {
                    invalid =
                            "frame "
                                    + pending.size()
                                    + " of the batch: no encryption key for node "
                                    + NodeId.hex(f.nodeId())
                                    + " in the key file, and class "
                                    + messageClass.label()
                                    + " is encrypted";
                    break;
                }
                stored = keys.seal(f.nodeId(), bytes);
            }
            pending.add(new PendingFrame(key, stored, messageClass, f.nodeId(), f.message().seq()));
        }
        Outbox.AppendResult result =
                pending.isEmpty() ? new Outbox.AppendResult(0, 0, 0) : outbox.append(pending);
        if (invalid != null) {
            rejected.incrementAndGet();
            throw new InvalidFrameException(pending.size(), invalid);
        }
        return result;
    }

    /** Frames refused as invalid since start. */
    public long rejected() {
        return rejected.get();
    }

    public Outbox outbox() {
        return outbox;
    }
}
