package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any input gives a valid manifest or problems with a line and a column inside the file, never an escaped
 * exception: random bytes, random YAML-ish text, and mutations of a valid manifest.
 */
class ManifestReaderProperties {

    private static final String VALID = """
            package: com.acme.shop.channels
            schema: shop
            channels:
              order_emails:
                type: text
                description: Emails to send once an order commits.
                grants: { send: [shop_app], receive: [mailer] }
                max_attempts: 5
                backoff: { base: 1s, max: 5m }
                lease: 30s
                keep_acked: false
                fillfactor: 100
                retention: { done: 3d, dead: 14d }
                notify: when_idle
              invoices: { type: xml }
              old_feed: { type: bytea, retired: true }
            """;

    @Property
    void randomBytes_giveAManifestOrPositionedProblems(@ForAll byte[] bytes) {
        assertReadsCleanly(new String(bytes, StandardCharsets.UTF_8));
    }

    @Property
    void randomYamlText_givesAManifestOrPositionedProblems(@ForAll("yamlish") String yaml) {
        assertReadsCleanly(yaml);
    }

    @Property
    void mutatedValidManifest_givesAManifestOrPositionedProblems(@ForAll("mutations") String yaml) {
        assertReadsCleanly(yaml);
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> token = Arbitraries.of("package", "schema", "channels", "type", "text", "xml", "bytea",
                "grants", "send", "receive", "backoff", "base", "max", "lease", "retention", "done", "dead", "notify",
                "when_idle", "fillfactor", "keep_acked", "retired", "max_attempts", "description", "30s", "0s", "5",
                "-1", "99999999999999999999d", "true", "yes", "null", "~", "a.b", "Order-Events", "orders", ":", ": ",
                "{", "}", "[", "]", ",", "- ", "&a ", "*a", "!!str ", "'", "\"", "#", "\n", "\n  ", "\n    ", "\t",
                "---\n", "é", "\u0000", "? ", "|\n  x", ">\n  y", "%YAML 1.2\n");
        return token.list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, VALID.length());
        Arbitrary<String> insert = Arbitraries.of("", " ", "  ", ":", "{", "}", "[", "]", "\n", "\t", "-", "'", "\"",
                "&x", "*x", "0", "pg_", "é", "#", "x: y", "type: json");
        Arbitrary<Integer> delete = Arbitraries.integers().between(0, 12);
        return Combinators.combine(at, delete, insert).as((from, cut, text) ->
                VALID.substring(0, from) + text + VALID.substring(Math.min(VALID.length(), from + cut)));
    }

    private static void assertReadsCleanly(String yaml) {
        ManifestReading reading = ManifestParser.read("channels.yaml", yaml);

        if (reading.valid()) {
            assertThat(reading.manifest().channels()).isNotEmpty();
            return;
        }
        long lines = Math.max(1, yaml.lines().count());
        List<ManifestProblem> problems = reading.problems();
        for (ManifestProblem problem : problems) {
            assertThat(problem.position().line()).as(problem.message()).isBetween(1, (int) lines + 1);
            assertThat(problem.position().column()).as(problem.message()).isPositive();
            assertThat(problem.what()).isNotBlank();
            assertThat(problem.fix()).isNotBlank();
        }
    }
}
