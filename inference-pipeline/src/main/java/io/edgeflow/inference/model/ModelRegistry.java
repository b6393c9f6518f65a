package io.edgeflow.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import io.edgeflow.inference.batching.BatchListener;
import io.edgeflow.inference.batching.BatchPolicy;
import io.edgeflow.inference.ocr.CtcDecoder;
import io.edgeflow.inference.ocr.DetectorAdapter;
import io.edgeflow.inference.ocr.RecognizerAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named, versioned models loaded through DJL: load adds a version (current if the name has none),
 * swap makes a version current and retires the previous one, unload removes a version or a whole
 * name. Requests resolve to the current version unless they ask for one. Thread-safe.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final BatchPolicy policy;
    private final int predictorsPerModel;
    private final Function<ModelSpec, BatchListener> listeners;
    private final Map<String, ServedModel> byKey = new ConcurrentHashMap<>();
    private final Map<String, String> currentVersion = new ConcurrentHashMap<>();

    public ModelRegistry(
            BatchPolicy policy,
            int predictorsPerModel,
            Function<ModelSpec, BatchListener> listeners) {
        this.policy = policy;
        this.predictorsPerModel = predictorsPerModel;
        this.listeners = listeners;
    }

    /** Thrown when a spec's files cannot be loaded. */
    public static final class LoadFailedException extends Exception {
        LoadFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Loads the version unless loaded; it becomes current if its name has no current version. */
    public synchronized ServedModel load(ModelSpec spec) throws LoadFailedException {
        ServedModel existing = byKey.get(spec.key());
        if (existing != null && existing.spec().equals(spec)) {
            currentVersion.putIfAbsent(spec.name(), spec.version());
            return existing;
        }
        ServedModel served;
        try {
            served =
                    new ServedModel(
                            spec,
                            ModelLoader.load(spec),
                            adapterFor(spec),
                            policy,
                            predictorsPerModel,
                            listeners.apply(spec));
        } catch (IOException
                | ModelNotFoundException
                | MalformedModelException
                | RuntimeException e) {
            throw new LoadFailedException("cannot load " + spec.key() + ": " + e.getMessage(), e);
        }
        ServedModel replaced = byKey.put(spec.key(), served);
        if (replaced != null) {
            replaced.close();
        }
        currentVersion.putIfAbsent(spec.name(), spec.version());
        LOG.info("loaded model {} ({} from {})", spec.key(), spec.engine(), spec.location());
        return served;
    }

    /** Loads the version, makes it current, and unloads the version it replaces. */
    public synchronized ServedModel swap(ModelSpec spec) throws LoadFailedException {
        ServedModel served = load(spec);
        String previous = currentVersion.put(spec.name(), spec.version());
        if (previous != null && !previous.equals(spec.version())) {
            ServedModel old = byKey.remove(spec.name() + ":" + previous);
            if (old != null) {
                old.close();
            }
        }
        LOG.info("model {} now serves version {}", spec.name(), spec.version());
        return served;
    }

    /** Unloads one version, or every version of the name when {@code version} is empty. */
    public synchronized void unload(String name, String version) {
        byKey.entrySet()
                .removeIf(
                        e -> {
                            ModelSpec s = e.getValue().spec();
                            boolean match =
                                    s.name().equals(name)
                                            && (version.isEmpty() || s.version().equals(version));
                            if (match) {
                                e.getValue().close();
                            }
                            return match;
                        });
        if (version.isEmpty() || version.equals(currentVersion.get(name))) {
            currentVersion.remove(name);
        }
        LOG.info("unloaded model {} {}", name, version.isEmpty() ? "(all versions)" : version);
    }

    /** The version a request for (name, version) runs on; empty version = current. */
    public Optional<ServedModel> resolve(String name, String version) {
        String v = version.isEmpty() ? currentVersion.get(name) : version;
        return v == null ? Optional.empty() : Optional.ofNullable(byKey.get(name + ":" + v));
    }

    public static SampleAdapter adapterFor(ModelSpec spec) throws IOException {
        return switch (spec.adapter()) {
            case TENSOR -> new TensorAdapter(spec.sampleShape());
            case PPOCR_RECOGNIZER ->
                    new RecognizerAdapter(
                            CtcDecoder.fromDictionary(
                                    Path.of(spec.location()).resolveSibling("ppocr_keys_v1.txt")));
            case PPOCR_DETECTOR -> new DetectorAdapter(spec.sampleShape());
        };
    }

    @Override
    public synchronized void close() {
        byKey.values().forEach(ServedModel::close);
        byKey.clear();
        currentVersion.clear();
    }
}
