package io.edgeflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeflow.protocol.Topics;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests agree with each other and with the code: topic names, Strimzi cluster references,
 * the Kafka listener the jobs connect to, ACLs, entry classes, edge placement and the Flink
 * settings shared with flink-conf/config.yaml. (Strimzi's CRDs are not in k8s/crds; these checks
 * cover what a wrong value would break.)
 */
class ManifestConsistencyTest {
    static List<Manifest> all;

    @BeforeAll
    static void load() {
        all = Manifest.loadAll(Manifest.manifestsDir());
    }

    static Manifest kafka() {
        List<Manifest> k = Manifest.ofKind(all, "Kafka");
        assertThat(k).hasSize(1);
        return k.get(0);
    }

    /** Flink job specs: of application deployments and of session jobs. */
    static List<Manifest> flinkJobs() {
        List<Manifest> jobs = new ArrayList<>(Manifest.ofKind(all, "FlinkSessionJob"));
        Manifest.ofKind(all, "FlinkDeployment").stream()
                .filter(m -> m.doc().path("spec").has("job"))
                .forEach(jobs::add);
        return jobs;
    }

    @Test
    void everyEdgeflowNamespacedObjectLivesInTheEdgeflowNamespace() {
        for (Manifest m : all) {
            if (!m.kind().equals("Namespace")) {
                assertThat(m.namespace()).as(m.toString()).isEqualTo("edgeflow");
            }
        }
    }

    @Test
    void kafkaTopicsAreExactlyTheTopicsTheJobsUse() {
        Set<String> topics = new HashSet<>();
        for (Manifest t : Manifest.ofKind(all, "KafkaTopic")) {
            topics.add(t.doc().path("spec").path("topicName").asText(t.name()));
            assertThat(t.doc().path("spec").path("replicas").asInt())
                    .as("%s replicated like the internal topics", t)
                    .isEqualTo(
                            kafka().doc()
                                    .path("spec")
                                    .path("kafka")
                                    .path("config")
                                    .path("default.replication.factor")
                                    .asInt());
        }
        assertThat(topics)
                .containsExactlyInAnyOrder(
                        Topics.FRAMES,
                        Topics.POSES,
                        Topics.POSES_GLOBAL,
                        Topics.MAP_TILES,
                        Topics.DLQ,
                        Topics.AGENT_POSITIONS);
    }

    @Test
    void strimziObjectsReferToTheKafkaClusterAndItsBrokerPoolsRunInKraftMode() {
        String cluster = kafka().name();
        for (String kind : List.of("KafkaTopic", "KafkaUser", "KafkaNodePool")) {
            for (Manifest m : Manifest.ofKind(all, kind)) {
                assertThat(
                                m.doc()
                                        .path("metadata")
                                        .path("labels")
                                        .path("strimzi.io/cluster")
                                        .asText())
                        .as(m.toString())
                        .isEqualTo(cluster);
            }
        }
        Set<String> roles = new HashSet<>();
        for (Manifest pool : Manifest.ofKind(all, "KafkaNodePool")) {
            pool.doc().path("spec").path("roles").forEach(r -> roles.add(r.asText()));
        }
        assertThat(roles).containsExactlyInAnyOrder("controller", "broker");
        // Below the broker's maximum, or the jobs' exactly-once producers cannot initialize.
        long maxTxTimeout =
                kafka().doc()
                        .path("spec")
                        .path("kafka")
                        .path("config")
                        .path("transaction.max.timeout.ms")
                        .asLong();
        assertThat(maxTxTimeout).isGreaterThan(600_000L);
    }

    @Test
    void jobsConnectToTheTlsScramListenerWithSaslSslClientSettings() throws Exception {
        Manifest kafka = kafka();
        JsonNode listener = null;
        for (JsonNode l : kafka.doc().path("spec").path("kafka").path("listeners")) {
            if (l.path("tls").asBoolean()
                    && l.path("authentication").path("type").asText().equals("scram-sha-512")) {
                listener = l;
            }
        }
        assertThat(listener).as("a TLS listener with SCRAM-SHA-512").isNotNull();
        String bootstrap =
                kafka.name()
                        + "-kafka-bootstrap."
                        + kafka.namespace()
                        + ".svc:"
                        + listener.path("port").asInt();

        Manifest clientConfig =
                Manifest.ofKind(all, "ConfigMap").stream()
                        .filter(m -> m.name().equals("edgeflow-kafka-client"))
                        .findFirst()
                        .orElseThrow();
        Properties client = new Properties();
        client.load(
                new StringReader(
                        clientConfig.doc().path("data").path("client.properties").asText()));
        assertThat(client.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(client.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");

        assertThat(flinkJobs()).isNotEmpty();
        for (Manifest job : flinkJobs()) {
            Map<String, String> args = jobArgs(job);
            assertThat(args).as(job.toString()).containsEntry("--bootstrap-servers", bootstrap);
            assertThat(args)
                    .as(job.toString())
                    .containsEntry(
                            "--kafka-client-config", "/etc/edgeflow/kafka/client.properties");
            // Consumer groups and transactional ids derive from the group id: the ACLs cover the
            // prefix.
            assertThat(args.get("--group-id")).as(job.toString()).startsWith("edgeflow-");
        }
    }

    @Test
    void theJobsUserMayReadFramesAndWriteOutputsTransactionally() {
        Manifest user =
                Manifest.ofKind(all, "KafkaUser").stream()
                        .filter(m -> m.name().equals("edgeflow-jobs"))
                        .findFirst()
                        .orElseThrow();
        Map<String, Set<String>> granted = new TreeMap<>();
        for (JsonNode acl : user.doc().path("spec").path("authorization").path("acls")) {
            String resource =
                    acl.path("resource").path("type").asText()
                            + ":"
                            + acl.path("resource").path("name").asText("*");
            acl.path("operations")
                    .forEach(
                            op ->
                                    granted.computeIfAbsent(resource, k -> new HashSet<>())
                                            .add(op.asText()));
        }
        assertThat(granted.get("topic:" + Topics.FRAMES)).contains("Read");
        assertThat(granted.get("topic:" + Topics.POSES)).contains("Write");
        assertThat(granted.get("topic:" + Topics.DLQ)).contains("Write");
        assertThat(granted.get("transactionalId:edgeflow-")).contains("Write");
        assertThat(granted.get("group:edgeflow-")).contains("Read");
        // The pods mount this user's Secret for sasl.jaas.config.
        for (Manifest d : Manifest.ofKind(all, "FlinkDeployment")) {
            assertThat(d.doc().path("spec").path("podTemplate").toString())
                    .as(d.toString())
                    .contains("\"secretName\":\"" + user.name() + "\"");
        }
    }

    @Test
    void entryClassesExistInTheJobsModule() {
        for (Manifest job : flinkJobs()) {
            String entry = job.doc().path("spec").path("job").path("entryClass").asText();
            Path source =
                    Manifest.projectDir()
                            .resolve("jobs/src/main/java")
                            .resolve(entry.replace('.', '/') + ".java");
            assertThat(source).as(job + " entryClass " + entry).isRegularFile();
        }
    }

    @Test
    void taskManagersArePinnedToEdgeNodesAsDocsK3sRegistersThem() throws Exception {
        String k3sDoc = Files.readString(Manifest.projectDir().resolve("docs/k3s.md"));
        for (Manifest d : Manifest.ofKind(all, "FlinkDeployment")) {
            JsonNode podSpec =
                    d.doc().path("spec").path("taskManager").path("podTemplate").path("spec");
            Map<String, String> selector = new TreeMap<>();
            podSpec.path("nodeSelector")
                    .fields()
                    .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
            assertThat(selector).as(d.toString()).isNotEmpty();
            for (var e : selector.entrySet()) {
                assertThat(k3sDoc).contains("--node-label " + e.getKey() + "=" + e.getValue());
            }
            boolean toleratesEdgeTaint = false;
            for (JsonNode t : podSpec.path("tolerations")) {
                String taint =
                        "--node-taint "
                                + t.path("key").asText()
                                + "="
                                + t.path("value").asText()
                                + ":"
                                + t.path("effect").asText();
                if (t.path("effect").asText().equals("NoSchedule") && k3sDoc.contains(taint)) {
                    toleratesEdgeTaint = true;
                }
            }
            assertThat(toleratesEdgeTaint)
                    .as("%s tolerates the edge taint docs/k3s.md sets", d)
                    .isTrue();
            assertThat(
                            d.doc()
                                    .path("spec")
                                    .path("taskManager")
                                    .path("resource")
                                    .path("memory")
                                    .asText())
                    .as("%s TaskManager memory", d)
                    .isNotEmpty();
        }
    }

    @Test
    void flinkSettingsSharedWithFlinkConfAgreeAndStateIsOnRocksDbWithKubernetesHa()
            throws Exception {
        Map<String, String> conf = new TreeMap<>();
        Manifest.YAML
                .readTree(Manifest.projectDir().resolve("flink-conf/config.yaml").toFile())
                .fields()
                .forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        // Paths, ports and UI switches differ by environment; everything else must not.
        Set<String> perEnvironment =
                Set.of(
                        "execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir",
                        "metrics.reporter.prom.port",
                        "rest.port",
                        "parallelism.default");
        for (Manifest d : Manifest.ofKind(all, "FlinkDeployment")) {
            JsonNode fc = d.doc().path("spec").path("flinkConfiguration");
            for (var e : conf.entrySet()) {
                if (!perEnvironment.contains(e.getKey()) && fc.has(e.getKey())) {
                    assertThat(fc.get(e.getKey()).asText())
                            .as(d + " " + e.getKey())
                            .isEqualTo(e.getValue());
                }
            }
            assertThat(fc.path("state.backend.type").asText()).isEqualTo("rocksdb");
            assertThat(fc.path("execution.checkpointing.incremental").asText()).isEqualTo("true");
            assertThat(fc.path("execution.checkpointing.dir").asText()).startsWith("s3://");
            assertThat(fc.path("execution.checkpointing.savepoint-dir").asText())
                    .startsWith("s3://");
            assertThat(fc.path("high-availability.type").asText()).isEqualTo("kubernetes");
            assertThat(fc.path("pipeline.generic-types").asText()).isEqualTo("false");
        }
        for (Manifest job : flinkJobs()) {
            assertThat(job.doc().path("spec").path("job").path("upgradeMode").asText())
                    .as(job.toString())
                    .isEqualTo("last-state");
        }
    }

    private static Map<String, String> jobArgs(Manifest job) {
        List<String> args = new ArrayList<>();
        job.doc().path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
        assertThat(args.size() % 2).as("%s args are --option value pairs", job).isZero();
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            m.put(args.get(i), args.get(i + 1));
        }
        return m;
    }
}
