package io.edgeflow.protocol;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AES keys a decoder may verify encrypted frames with, by (node id, key id). A node's key only
 * opens frames whose header carries that node's id, so one node cannot speak for another. Keys are
 * added before a node starts using them and removed some time after it stopped: that overlap is
 * what makes rotation free of downtime (see docs/edge-agent.md). Immutable and serializable, so a
 * Flink operator can carry it.
 *
 * <p>Text form, one key a line: {@code NODE_NAME KEY_ID BASE64_KEY} (key id a decimal in [0, 2^32),
 * key 16 or 32 bytes); blank lines and lines starting with {@code #} are ignored.
 */
public final class KeyRing implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<Long, byte[]> keys;

    private KeyRing(Map<Long, byte[]> keys) {
        this.keys = keys;
    }

    public static KeyRing empty() {
        return new KeyRing(Map.of());
    }

    /** A ring with one more key; replaces an existing key with the same node and key id. */
    public KeyRing with(int nodeId, int keyId, byte[] key) {
        checkKeyLength(key.length, NodeId.hex(nodeId) + "/" + Integer.toUnsignedString(keyId));
        Map<Long, byte[]> copy = new HashMap<>(keys);
        copy.put(slot(nodeId, keyId), key.clone());
        return new KeyRing(Map.copyOf(copy));
    }

    public Optional<byte[]> key(int nodeId, int keyId) {
        byte[] k = keys.get(slot(nodeId, keyId));
        return k == null ? Optional.empty() : Optional.of(k.clone());
    }

    public int size() {
        return keys.size();
    }

    /** One key line of the text form. */
    public record Entry(String nodeName, int keyId, byte[] key) {}

    /**
     * @throws IllegalArgumentException naming the line that is not a valid key line
     */
    public static List<Entry> parse(List<String> lines, String sourceName) {
        List<Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = sourceName + ":" + (i + 1);
            String[] parts = line.split("\\s+");
            if (parts.length != 3) {
                throw new IllegalArgumentException(
                        where
                                + ": expected NODE_NAME KEY_ID BASE64_KEY, got "
                                + parts.length
                                + " fields");
            }
            long keyId;
            byte[] key;
            try {
                keyId = Long.parseLong(parts[1]);
                key = Base64.getDecoder().decode(parts[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            if (keyId < 0 || keyId > 0xffffffffL) {
                throw new IllegalArgumentException(
                        where + ": key id " + keyId + " not in [0, 2^32)");
            }
            checkKeyLength(key.length, where);
            entries.add(new Entry(parts[0], (int) keyId, key));
        }
        return entries;
    }

    public static KeyRing of(List<Entry> entries) {
        KeyRing ring = empty();
        for (Entry e : entries) {
            ring = ring.with(NodeId.of(e.nodeName()), e.keyId(), e.key());
        }
        return ring;
    }

    public static KeyRing load(Path file) throws IOException {
        return of(parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString()));
    }

    private static void checkKeyLength(int length, String where) {
        if (length != 16 && length != 32) {
            throw new IllegalArgumentException(
                    where + ": AES key must be 16 or 32 bytes, was " + length);
        }
    }

    private static long slot(int nodeId, int keyId) {
        return ((long) nodeId << 32) | (keyId & 0xffffffffL);
    }
}
