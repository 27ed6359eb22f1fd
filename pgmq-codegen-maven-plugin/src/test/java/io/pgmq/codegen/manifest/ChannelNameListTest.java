package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.schema.ChannelName;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared list of channel names ({@code pgmq-schema/src/test/resources/channel-names.tsv}) as manifest keys: the
 * verdicts the SQL function gives, in {@link ChannelName}'s words, at the name's position.
 */
class ChannelNameListTest {

    static List<ChannelNameCase> cases() {
        return ChannelNameCase.all();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void manifestReader_givesTheSharedVerdict(ChannelNameCase name) {
        ManifestReading reading = ManifestParser.read("channels.yaml",
                "package: a.b\nchannels:\n  " + quoted(name.name()) + ": { type: text }\n");

        if (name.refusal().isEmpty()) {
            assertThat(reading.problems()).isEmpty();
            assertThat(reading.manifest().channels()).extracting(ChannelSpec::name).containsExactly(name.name());
            return;
        }
        ChannelName.Invalid expected = ChannelName.problem(name.name()).orElseThrow();
        assertThat(expected.reason()).isEqualTo(name.refusal().get());
        assertThat(reading.problems()).extracting(ManifestProblem::message)
                .containsExactly("channels.yaml:3:3: " + expected.message() + " \u2014 " + expected.fix());
    }

    /** A YAML double-quoted scalar holding exactly the name. */
    private static String quoted(String name) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : name.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
