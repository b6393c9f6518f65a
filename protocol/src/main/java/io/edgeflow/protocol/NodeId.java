package io.edgeflow.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The 32-bit node id carried in every frame header: FNV-1a (32 bit) over the UTF-8 bytes of the
 * node name. Chosen because it is a few lines in any language and never depends on a runtime's
 * string hashing (unlike {@code String.hashCode}).
 */
public final class NodeId {
    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private NodeId() {}

    public static int of(String nodeName) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : nodeName.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** The id as the unsigned hex string used in logs, topics keys and docs (8 digits). */
    public static String hex(int nodeId) {
        return String.format("%08x", nodeId);
    }
}
