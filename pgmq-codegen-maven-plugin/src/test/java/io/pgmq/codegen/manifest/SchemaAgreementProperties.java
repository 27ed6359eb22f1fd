package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The JSON Schema editors apply and the plugin agree on random manifests: a valid manifest (each key present or
 * not), with at most one value, or the root, replaced by a spelling that is valid or not for one of them. The rules
 * the schema cannot express and these manifests can break (backoff base above max, durations over 100 years) are
 * excluded; the schema's descriptions name them.
 */
class SchemaAgreementProperties {

    private static final List<String> GOOD_DURATIONS = List.of("1s", "30s", "5m", "007s", "250ms", "1d");
    private static final List<String> ANY_DURATIONS = List.of("1s", "0s", "00s", "30", "\"30s\"", "1x", "-1s",
            "5 minutes", "[1s]", "null", "36500d", "36501d");

    /** Per key: valid values (the first group) and values to try against both (the second). */
    private static final Map<String, List<List<String>>> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("type", List.of(List.of("text", "xml", "bytea"), List.of("json", "Text", "1", "null", "[text]")));
        VALUES.put("description", List.of(List.of("Orders.", "'it''s'"),
                List.of("\"\"", "\"  \"", "42", "true", "[a]", "\" x \"")));
        VALUES.put("grants.send", List.of(List.of("[a]", "[a, b]", "[]"), List.of("[a, a]", "[public]", "[Public]",
                "[pg_x]", "[Pg_x]", "[\"\"]", "[\" \"]", "[1]", "[[a]]", "x", "[CURRENT_USER]", "[\"" + "r".repeat(63)
                        + "\"]", "[\"" + "r".repeat(64) + "\"]")));
        VALUES.put("grants.receive", List.of(List.of("[b]", "[\"o'brien\"]"),
                List.of("[none]", "[session_user]", "[true]", "{}", "null")));
        VALUES.put("max_attempts", List.of(List.of("5", "1", "1000"),
                List.of("0", "1001", "\"5\"", "five", "1.5", "-1", "-0", "true", "2147483648")));
        VALUES.put("backoff.base", List.of(List.of("1s"), ANY_DURATIONS));
        VALUES.put("backoff.max", List.of(List.of("36500d", "5m"), ANY_DURATIONS));
        VALUES.put("lease", List.of(GOOD_DURATIONS, ANY_DURATIONS));
        VALUES.put("keep_acked", List.of(List.of("true", "false"), List.of("yes", "\"true\"", "1", "null", "True")));
        VALUES.put("fillfactor", List.of(List.of("10", "45", "100"), List.of("9", "101", "45.5", "\"45\"", "0")));
        VALUES.put("retention.done", List.of(GOOD_DURATIONS, ANY_DURATIONS));
        VALUES.put("retention.dead", List.of(GOOD_DURATIONS, ANY_DURATIONS));
        VALUES.put("notify", List.of(List.of("always", "when_idle", "never"),
                List.of("when-idle", "3", "\"never\"", "NEVER")));
        VALUES.put("retired", List.of(List.of("false"), List.of("true", "yes", "0")));
    }

    private static final List<String> ROOTS = List.of("package: a.b\n", "package: a.b\nschema: queues\n",
            "package: com.new\n", "package: a-b\n", "package: a.b\nschema: Public-Queues\n",
            "package: a.b\nschema: pg_x\n", "package: a.b\nschema: _x\n", "package: a.b\nschema: true\n",
            "package: a.b.\n", "package: \"\"\n", "package: a.b\nschema: \"" + "s".repeat(64) + "\"\n",
            "package: a.b\nretries: 3\n");
    private static final List<String> NAMES = List.of("orders", "Orders", "pg_orders", "_x", "a".repeat(51),
            "a".repeat(52), "o-rders");

    @Property(tries = 1000)
    void schemaAndPlugin_agreeOnEveryManifest(@ForAll("manifests") String yaml) {
        ManifestReading reading = ManifestParser.read("channels.yaml", yaml);
        boolean pluginOnly = !reading.problems().isEmpty() && reading.problems().stream()
                .allMatch(p -> p.what().contains("is longer than backoff.max") || p.what().contains("100 years"));
        if (pluginOnly) {
            return;
        }
        List<String> schemaErrors = SchemaValidator.errors(yaml);
        Statistics.collect(reading.valid() ? "valid" : "invalid");

        assertThat(schemaErrors.isEmpty()).as("plugin: %s%nschema: %s%n%s", reading.problems(), schemaErrors, yaml)
                .isEqualTo(reading.valid());
    }

    @Provide
    Arbitrary<String> manifests() {
        List<Arbitrary<String>> valid = new ArrayList<>();
        for (Map.Entry<String, List<List<String>>> e : VALUES.entrySet()) {
            Arbitrary<String> value = Arbitraries.of(e.getValue().get(0)).map(v -> e.getKey() + "=" + v);
            valid.add(e.getKey().equals("type") ? value : Arbitraries.oneOf(value, Arbitraries.just("")));
        }
        List<String> keys = new ArrayList<>(VALUES.keySet());
        Arbitrary<Integer> which = Arbitraries.integers().between(-2, keys.size() - 1);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 99);
        return Combinators.combine(Combinators.combine(valid).as(List::copyOf), which, pick).as((entries, w, p) -> {
            List<String> body = new ArrayList<>(entries);
            String root = "package: a.b\n";
            String name = "orders";
            if (w == -2) {
                root = ROOTS.get(p % ROOTS.size());
                name = NAMES.get(p % NAMES.size());
            } else if (w >= 0) {
                List<String> tries = VALUES.get(keys.get(w)).get(1);
                body.set(w, keys.get(w) + "=" + tries.get(p % tries.size()));
            }
            return root + "channels:\n  " + name + ":\n" + channelBody(body);
        });
    }

    /** Indented YAML for the drawn entries, blocks' members under their block. */
    private static String channelBody(List<String> entries) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        for (String entry : entries) {
            if (entry.isEmpty()) {
                continue;
            }
            String key = entry.substring(0, entry.indexOf('='));
            String value = entry.substring(entry.indexOf('=') + 1);
            int dot = key.indexOf('.');
            if (dot < 0) {
                out.append("    ").append(key).append(": ").append(value).append('\n');
            } else {
                blocks.computeIfAbsent(key.substring(0, dot), k -> new ArrayList<>())
                        .add("      " + key.substring(dot + 1) + ": " + value + "\n");
            }
        }
        blocks.forEach((block, members) -> out.append("    ").append(block).append(":\n")
                .append(String.join("", members)));
        return out.toString();
    }
}
