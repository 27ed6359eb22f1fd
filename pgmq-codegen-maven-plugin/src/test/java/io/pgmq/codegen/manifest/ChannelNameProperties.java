package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.schema.ChannelName;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The channel-name rule on any string: a verdict, never an escaped exception, and suggestions that are valid. */
class ChannelNameProperties {

    @Property
    void anyString_isValidExactlyWhenThePatternAndByteLimitHold(@ForAll("names") String name) {
        boolean valid = name.matches("[a-z][a-z0-9_]*") && name.getBytes(StandardCharsets.UTF_8).length <= 51;

        assertThat(ChannelName.problem(name).isEmpty()).isEqualTo(valid);
    }

    @Property
    void suggestion_isAlwaysAValidName(@ForAll("names") String name) {
        assertThat(ChannelName.problem(ChannelName.suggest(name))).isEmpty();
    }

    @Property
    void anyStringAsAChannelKey_givesTheRulesVerdictAtItsPosition(@ForAll("names") String name) {
        String key = "\"" + name.chars().mapToObj(c -> String.format("\\u%04x", c)).reduce("", String::concat) + "\"";

        ManifestReading reading = ManifestParser.read("channels.yaml", "package: a.b\nchannels:\n  " + key
                + ": { type: text }\n");

        assertThat(reading.valid()).isEqualTo(ChannelName.problem(name).isEmpty());
        reading.problems().forEach(p -> assertThat(p.position().line()).isEqualTo(3));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars('_', '0', '9').ofMinLength(1).ofMaxLength(60),
                Arbitraries.strings().all().ofMaxLength(70),
                Arbitraries.strings().withChars("aZ_-. é\"'\\;\n\u200b").ofMaxLength(55));
    }
}
