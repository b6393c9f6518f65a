package io.edgeflow.inference.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.edgeflow.protocol.InferenceResult.NamedTensor;
import io.edgeflow.protocol.Tensor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Outputs of earlier requests, keyed by a SHA-256 content hash of (model, version, input tensor),
 * bounded in entries and expiring after a TTL (Caffeine, W-TinyLFU eviction). Robots re-send the
 * same frame when a link flaps; those are answered without running the engine. Thread-safe.
 */
public final class ResultCache {
    private final Cache<String, List<NamedTensor>> cache;

    public ResultCache(long maxEntries, Duration ttl) {
        this.cache =
                Caffeine.newBuilder()
                        .maximumSize(maxEntries)
                        .expireAfterWrite(ttl)
                        .recordStats()
                        .build();
    }

    public static String key(String model, String version, Tensor input) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(model.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(version.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update((byte) input.encoding().code());
            sha.update((byte) input.dtype().code());
            for (int d : input.shape()) {
                sha.update(
                        new byte[] {(byte) d, (byte) (d >> 8), (byte) (d >> 16), (byte) (d >> 24)});
            }
            sha.update(input.data());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public Optional<List<NamedTensor>> get(String key) {
        return Optional.ofNullable(cache.getIfPresent(key));
    }

    public void put(String key, List<NamedTensor> outputs) {
        cache.put(key, outputs);
    }

    /** Hits over lookups since creation; 0 before the first lookup. */
    public double hitRate() {
        return cache.stats().hitRate();
    }

    public long hits() {
        return cache.stats().hitCount();
    }

    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
