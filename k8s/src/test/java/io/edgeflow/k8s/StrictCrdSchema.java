package io.edgeflow.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CRD version's openAPIV3Schema as a JSON schema (draft 4, which OpenAPI v3 schemas follow) that
 * validates the way {@code kubectl apply --validate=strict} does: a field the schema does not
 * declare is an error, not silently pruned. Kubernetes' own extensions are translated: {@code
 * x-kubernetes-preserve-unknown-fields} keeps an object open, {@code nullable} allows null, and the
 * remaining {@code x-kubernetes-*} and {@code format} annotations are dropped (the API server
 * treats formats such as int32 or quantity as hints).
 */
final class StrictCrdSchema {
    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    final String group;
    final String version;
    final String kind;
    private final JsonSchema schema;

    private StrictCrdSchema(String group, String version, String kind, JsonNode strict) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.schema = FACTORY.getSchema(strict);
    }

    /** One schema per served version of the CRD. */
    static List<StrictCrdSchema> fromCrd(JsonNode crd) {
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        return streamOf(crd.path("spec").path("versions")).stream()
                .map(
                        v ->
                                new StrictCrdSchema(
                                        group,
                                        v.path("name").asText(),
                                        kind,
                                        strictRoot(
                                                v.path("schema")
                                                        .path("openAPIV3Schema")
                                                        .deepCopy())))
                .toList();
    }

    String apiVersion() {
        return group + "/" + version;
    }

    Set<ValidationMessage> validate(JsonNode object) {
        return schema.validate(object);
    }

    private static ObjectNode strictRoot(ObjectNode root) {
        // Every object carries apiVersion, kind and metadata; CRD schemas may leave them out.
        ObjectNode props = root.with("properties");
        JsonNodeFactory f = JsonNodeFactory.instance;
        props.putIfAbsent("apiVersion", f.objectNode().put("type", "string"));
        props.putIfAbsent("kind", f.objectNode().put("type", "string"));
        props.putIfAbsent("metadata", objectMetaSchema());
        root.put("type", "object");
        strict(root);
        return root;
    }

    /** The ObjectMeta fields a manifest may set. */
    private static ObjectNode objectMetaSchema() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode meta = f.objectNode().put("type", "object");
        ObjectNode p = meta.putObject("properties");
        p.putObject("name").put("type", "string");
        p.putObject("namespace").put("type", "string");
        p.putObject("generateName").put("type", "string");
        for (String map : List.of("labels", "annotations")) {
            p.putObject(map)
                    .put("type", "object")
                    .putObject("additionalProperties")
                    .put("type", "string");
        }
        p.putObject("finalizers").put("type", "array").putObject("items").put("type", "string");
        return meta;
    }

    private static void strict(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        boolean preserveUnknown =
                schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("nullable").asBoolean(false) && schema.has("type")) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode();
            types.add(schema.get("type").asText()).add("null");
            schema.set("type", types);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (key.startsWith("x-kubernetes-") || key.equals("nullable") || key.equals("format")) {
                fields.remove();
            }
        }
        if (schema.has("properties") && !schema.has("additionalProperties") && !preserveUnknown) {
            schema.set("additionalProperties", BooleanNode.FALSE);
        }
        schema.path("properties").forEach(StrictCrdSchema::strict);
        strict(schema.path("items"));
        strict(schema.path("additionalProperties"));
        strict(schema.path("not"));
        for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
            schema.path(combinator).forEach(StrictCrdSchema::strict);
        }
    }

    private static List<JsonNode> streamOf(JsonNode array) {
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
