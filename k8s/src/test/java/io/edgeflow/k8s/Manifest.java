package io.edgeflow.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One Kubernetes object from a YAML file under k8s/ (a file may hold several, split by ---). */
record Manifest(Path file, int index, JsonNode doc) {
    static final ObjectMapper YAML = new YAMLMapper();

    /** The k8s module directory: Maven's basedir, else the working directory. */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    static Path manifestsDir() {
        return moduleDir().resolve("manifests");
    }

    static Path projectDir() {
        return moduleDir().getParent();
    }

    /** Every object of every .yaml/.yml file below {@code dir}, in file order. */
    static List<Manifest> loadAll(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Manifest> all = new ArrayList<>();
            for (Path f :
                    files.filter(
                                    p ->
                                            p.toString().endsWith(".yaml")
                                                    || p.toString().endsWith(".yml"))
                            .sorted()
                            .toList()) {
                all.addAll(load(f));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Manifest> load(Path file) {
        List<Manifest> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            int i = 0;
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(new Manifest(file, i++, doc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return docs;
    }

    static List<Manifest> ofKind(List<Manifest> all, String kind) {
        return all.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    String kind() {
        return doc.path("kind").asText();
    }

    String apiVersion() {
        return doc.path("apiVersion").asText();
    }

    /** The API group: the part of apiVersion before the slash ("" for the core group). */
    String group() {
        String v = apiVersion();
        return v.contains("/") ? v.substring(0, v.indexOf('/')) : "";
    }

    String name() {
        return doc.path("metadata").path("name").asText();
    }

    String namespace() {
        return doc.path("metadata").path("namespace").asText();
    }

    ObjectNode copy() {
        return doc.deepCopy();
    }

    @Override
    public String toString() {
        return kind() + " " + name() + " (" + moduleDir().relativize(file) + " #" + index + ")";
    }
}
