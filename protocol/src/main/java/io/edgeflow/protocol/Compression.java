package io.edgeflow.protocol;

import java.util.Optional;

/**
 * The payload compression codec, bits 0–2 of the header's flags byte. Protocol v1 defines NONE and
 * DEFLATE (RFC 1951 raw deflate, available in every language's standard library); codes 2 (zstd)
 * and 3 (lz4) are reserved for in-frame compression on links that bypass Kafka's own codecs.
 */
public enum Compression {
    NONE(0),
    DEFLATE(1);

    private final int code;

    Compression(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Compression> ofCode(int code) {
        for (Compression c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
