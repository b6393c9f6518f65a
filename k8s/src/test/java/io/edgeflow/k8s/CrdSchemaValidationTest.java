package io.edgeflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under k8s/manifests whose API group has a CRD in k8s/crds validates against that
 * CRD's openAPIV3Schema, strictly (unknown fields fail), so a typo fails here and not on deploy.
 */
class CrdSchemaValidationTest {
    static Map<String, StrictCrdSchema> schemas; // "group/version kind" -> schema
    static List<Manifest> manifests;

    @BeforeAll
    static void load() {
        schemas = new HashMap<>();
        for (Manifest crd : Manifest.loadAll(Manifest.moduleDir().resolve("crds"))) {
            assertThat(crd.kind()).as(crd.toString()).isEqualTo("CustomResourceDefinition");
            for (StrictCrdSchema s : StrictCrdSchema.fromCrd(crd.doc())) {
                schemas.put(s.apiVersion() + " " + s.kind, s);
            }
        }
        manifests = Manifest.loadAll(Manifest.manifestsDir());
    }

    private static Set<String> crdGroups() {
        return schemas.values().stream().map(s -> s.group).collect(Collectors.toSet());
    }

    @Test
    void everyManifestOfAGroupWithACrdValidatesAgainstItsSchema() {
        List<Manifest> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Manifest m : manifests) {
            if (!crdGroups().contains(m.group())) {
                continue;
            }
            StrictCrdSchema schema = schemas.get(m.apiVersion() + " " + m.kind());
            if (schema == null) {
                failures.add(m + ": no CRD serves " + m.apiVersion() + " " + m.kind());
                continue;
            }
            Set<ValidationMessage> errors = schema.validate(m.doc());
            errors.forEach(e -> failures.add(m + ": " + e.getMessage()));
            checked.add(m);
        }
        assertThat(failures).as("schema violations").isEmpty();
        // Each job ships an application-mode deployment and a session job; plus the session
        // cluster.
        assertThat(checked.stream().map(Manifest::kind))
                .contains("FlinkDeployment", "FlinkSessionJob");
        assertThat(Manifest.ofKind(manifests, "FlinkDeployment")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void theStrictSchemaRejectsAMisspelledFieldAndAnInvalidEnumValue() {
        Manifest ingest =
                Manifest.ofKind(manifests, "FlinkDeployment").stream()
                        .filter(m -> m.doc().path("spec").has("job"))
                        .findFirst()
                        .orElseThrow();
        StrictCrdSchema schema = schemas.get(ingest.apiVersion() + " FlinkDeployment");
        assertThat(schema.validate(ingest.doc())).isEmpty();

        ObjectNode typo = ingest.copy();
        ObjectNode spec = (ObjectNode) typo.get("spec");
        spec.set("taskManger", spec.remove("taskManager"));
        assertThat(schema.validate(typo))
                .extracting(ValidationMessage::getMessage)
                .anyMatch(msg -> msg.contains("taskManger"));

        ObjectNode badEnum = ingest.copy();
        ((ObjectNode) badEnum.path("spec").path("job")).put("upgradeMode", "last_state");
        assertThat(schema.validate(badEnum))
                .extracting(ValidationMessage::getMessage)
                .anyMatch(msg -> msg.contains("upgradeMode"));

        ObjectNode nestedTypo = ingest.copy();
        ObjectNode tmPodSpec =
                (ObjectNode)
                        nestedTypo
                                .path("spec")
                                .path("taskManager")
                                .path("podTemplate")
                                .path("spec");
        tmPodSpec.set("nodeSelecter", tmPodSpec.remove("nodeSelector"));
        assertThat(schema.validate(nestedTypo))
                .extracting(ValidationMessage::getMessage)
                .anyMatch(msg -> msg.contains("nodeSelecter"));
    }
}
