package io.edgeflow.agent.crypto;

import io.edgeflow.protocol.FrameCipher;
import io.edgeflow.protocol.KeyRing;
import io.edgeflow.protocol.NodeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's encryption keys, from a key file in {@link KeyRing}'s text form holding the keys of
 * the nodes this agent sends for. Each node's frames are sealed with its highest key id. Rotation
 * without downtime: add a line with a higher id to the Flink job's key ring first, then to this
 * file; the agent re-reads the file when it changes ({@link #reloadIfChanged}) and seals new frames
 * with the new key, while frames sealed earlier (in the outbox, in Kafka) still open with the old
 * key, which the ring keeps until they are consumed.
 */
public final class NodeKeys {
    private static final Logger LOG = LoggerFactory.getLogger(NodeKeys.class);

    private record ActiveKey(int keyId, byte[] key) {}

    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private volatile Map<Integer, ActiveKey> active;
    private FileTime loadedModified;

    /**
     * @throws IllegalArgumentException if the file has an invalid line, naming it
     */
    public NodeKeys(Path file) throws IOException {
        this.file = file;
        this.active = load();
    }

    private Map<Integer, ActiveKey> load() throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        List<KeyRing.Entry> entries =
                KeyRing.parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(file + ": no keys");
        }
        Map<Integer, ActiveKey> byNode = new HashMap<>();
        for (KeyRing.Entry e : entries) {
            int node = NodeId.of(e.nodeName());
            ActiveKey k = byNode.get(node);
            if (k == null || Integer.compareUnsigned(e.keyId(), k.keyId()) > 0) {
                byNode.put(node, new ActiveKey(e.keyId(), e.key()));
            }
        }
        loadedModified = modified;
        return Map.copyOf(byNode);
    }

    /** Re-reads the key file if it changed; a broken file is logged and the old keys kept. */
    public synchronized void reloadIfChanged() {
        try {
            if (!Files.getLastModifiedTime(file).equals(loadedModified)) {
                Map<Integer, ActiveKey> fresh = load();
                active = fresh;
                LOG.info("key file {} reloaded: keys for {} nodes", file, fresh.size());
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.error(
                    "key file {} not reloaded, keeping the current keys: {}", file, e.getMessage());
        }
    }

    /** The key id new frames of a node are sealed with. */
    public Optional<Integer> activeKeyId(int nodeId) {
        ActiveKey k = active.get(nodeId);
        return k == null ? Optional.empty() : Optional.of(k.keyId());
    }

    /**
     * Encrypts a plaintext frame with its node's active key.
     *
     * @throws IllegalArgumentException if there is no key for the frame's node
     */
    public byte[] seal(int nodeId, byte[] frame) {
        ActiveKey k = active.get(nodeId);
        if (k == null) {
            throw new IllegalArgumentException(
                    "no encryption key for node " + NodeId.hex(nodeId) + " in " + file);
        }
        return FrameCipher.seal(frame, k.keyId(), k.key(), random);
    }
}
