package io.edgeflow.state.sync;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which strategy each key uses: the one registered for the longest prefix of the key, or the
 * fallback. Every replica of a key must use the same registry.
 */
public final class MergeStrategyRegistry {

    private final TreeMap<String, MergeStrategy> byPrefix = new TreeMap<>();
    private final MergeStrategy fallback;

    public MergeStrategyRegistry(MergeStrategy fallback) {
        this.fallback = fallback;
    }

    public MergeStrategyRegistry register(String keyPrefix, MergeStrategy strategy) {
        byPrefix.put(keyPrefix, strategy);
        return this;
    }

    public MergeStrategy strategyFor(String key) {
        // walk down from the greatest prefix <= key; the first that is a prefix is the longest
        Map.Entry<String, MergeStrategy> e = byPrefix.floorEntry(key);
        while (e != null) {
            if (key.startsWith(e.getKey())) {
                return e.getValue();
            }
            e = byPrefix.lowerEntry(e.getKey());
        }
        return fallback;
    }
}
