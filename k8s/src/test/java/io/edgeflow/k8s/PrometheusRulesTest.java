package io.edgeflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PrometheusRule's groups pass {@code promtool check rules} and the unit tests in
 * k8s/promtool-tests; the dashboard's queries are valid PromQL.
 */
class PrometheusRulesTest {
    static final Path RULE_MANIFEST =
            Manifest.manifestsDir().resolve("monitoring/prometheusrule.yaml");
    static final Path DASHBOARD =
            Manifest.manifestsDir().resolve("monitoring/grafana-dashboard.json");
    static final Path UNIT_TESTS = Manifest.moduleDir().resolve("promtool-tests");

    @TempDir Path work;

    /** The rule groups of the PrometheusRule, as a plain Prometheus rule file. */
    static Path extractRuleFile(Path dir) throws Exception {
        List<Manifest> docs = Manifest.load(RULE_MANIFEST);
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).kind()).isEqualTo("PrometheusRule");
        ObjectNode file = Manifest.YAML.createObjectNode();
        file.set("groups", docs.get(0).doc().path("spec").path("groups"));
        Path out = dir.resolve("edgeflow-alerts.rules.yaml");
        Manifest.YAML.writeValue(out.toFile(), file);
        return out;
    }

    @Test
    void alertRulesPassPromtoolCheck() throws Exception {
        Promtool promtool = Promtool.locate();
        Path rules = extractRuleFile(work);
        Promtool.Result r = promtool.run(work, "check", "rules", rules.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void alertRulesPassTheirPromtoolUnitTests() throws Exception {
        Promtool promtool = Promtool.locate();
        extractRuleFile(work);
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        try (var files = Files.list(UNIT_TESTS)) {
            for (Path t : files.filter(p -> p.toString().endsWith(".test.yaml")).toList()) {
                Files.copy(t, work.resolve(t.getFileName()));
                args.add(t.getFileName().toString());
            }
        }
        assertThat(args).hasSizeGreaterThan(2);
        Promtool.Result r = promtool.run(work, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasAUnitTestThatExpectsItToFire() throws Exception {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group :
                Manifest.load(RULE_MANIFEST).get(0).doc().path("spec").path("groups")) {
            group.path("rules").forEach(r -> alerts.add(r.path("alert").asText()));
        }
        Set<String> firing = new TreeSet<>();
        try (var files = Files.list(UNIT_TESTS)) {
            for (Path t : files.filter(p -> p.toString().endsWith(".test.yaml")).toList()) {
                JsonNode tests = Manifest.YAML.readTree(t.toFile());
                for (JsonNode test : tests.path("tests")) {
                    for (JsonNode a : test.path("alert_rule_test")) {
                        if (!a.path("exp_alerts").isEmpty()) {
                            firing.add(a.path("alertname").asText());
                        }
                    }
                }
            }
        }
        assertThat(alerts).contains("EdgeflowJobDown", "EdgeflowTaskManagerLost");
        assertThat(firing).containsAll(alerts);
    }

    @Test
    void everyDashboardQueryIsValidPromql() throws Exception {
        Promtool promtool = Promtool.locate();
        JsonNode dashboard = Manifest.YAML.readTree(DASHBOARD.toFile());
        // promtool has no query checker: each query becomes a recording rule, which it parses.
        ObjectNode file = Manifest.YAML.createObjectNode();
        var rules = file.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        int n = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr =
                        target.path("expr")
                                .asText()
                                .replace("$job", "edgeflow.*")
                                .replace("$__rate_interval", "1m");
                rules.addObject().put("record", "dashboard:query_" + (n++)).put("expr", expr);
            }
        }
        assertThat(n).isGreaterThan(10);
        Path out = work.resolve("dashboard-queries.rules.yaml");
        Manifest.YAML.writeValue(out.toFile(), file);
        Promtool.Result r = promtool.run(work, "check", "rules", out.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
