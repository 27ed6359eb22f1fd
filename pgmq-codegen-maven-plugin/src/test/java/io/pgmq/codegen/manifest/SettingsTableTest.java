package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The settings table, the manifest reader and the JSON Schema agree: the schema is generated from the table (and the
 * committed copy is current), its keys are the keys the reader takes, and each key's example is accepted by both.
 */
class SettingsTableTest {

    @Test
    void committedSchema_isTheOneTheTableGenerates() {
        Golden.assertFile(Path.of("src/main/resources/io/pgmq/codegen/channels.schema.json"), ManifestSchema.render());
    }

    @Test
    @SuppressWarnings("unchecked")
    void schemaKeys_areTheTablesKeys() {
        Map<String, Object> schema = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(ManifestSchema.render());
        Map<String, Object> root = (Map<String, Object>) schema.get("properties");
        Map<String, Object> channel = (Map<String, Object>) ((Map<String, Object>) schema.get("$defs")).get("channel");
        Map<String, Object> keys = (Map<String, Object>) channel.get("properties");

        assertThat(root.keySet()).containsExactlyElementsOf(ChannelSettings.ROOT_KEYS);
        assertThat(keys.keySet()).containsExactlyElementsOf(ChannelSettings.channelKeys());
        for (ChannelKey key : ChannelSettings.CHANNEL) {
            if (key instanceof Block block) {
                Map<String, Object> members = (Map<String, Object>) ((Map<String, Object>) keys.get(block.key()))
                        .get("properties");
                assertThat(members.keySet()).as(block.key()).containsExactlyElementsOf(block.memberKeys());
            }
        }
    }

    static List<Setting<?>> settings() {
        return ChannelSettings.CHANNEL_SETTINGS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everySetting_readsItsExample_rendersItBack_andTheSchemaAcceptsIt(Setting<?> setting) {
        String yaml = manifest(setting, setting.example());

        ChannelSpec channel = ManifestParser.parse("channels.yaml", yaml).channels().get(0);

        assertThat(channel.get(setting)).isPresent();
        assertThat(setting.yaml(channel.get(setting).orElseThrow())).isEqualTo(setting.example());
        assertThat(SchemaValidator.errors(yaml)).isEmpty();
        setting.lockKey().ifPresent(key -> assertThat((Object) setting.fromJson(new Load(LoadSettings.builder()
                .build()).loadFromString(setting.json(channel.get(setting).orElseThrow()))))
                .isEqualTo(channel.get(setting).orElseThrow()));
    }

    @Test
    void unknownChannelKey_isRefusedByReaderAndSchema() {
        String yaml = "package: a.b\nchannels:\n  x: { type: text, retries: 3 }\n";

        assertThat(ManifestParser.read("channels.yaml", yaml).problems()).extracting(ManifestProblem::what)
                .containsExactly("unknown key \"retries\" in channel \"x\"");
        assertThat(SchemaValidator.errors(yaml)).isNotEmpty();
    }

    @Test
    void keyForOtherPayloadTypes_isRefusedByReaderAndSchema() {
        Setting<Integer> xmlOnly = Setting.builder("depth", new WholeNumber(1, 9)).meaning("Test row.").example("3")
                .onlyFor(java.util.Set.of(PayloadType.XML)).build();
        List<ChannelKey> table = new ArrayList<>(ChannelSettings.CHANNEL);
        table.add(xmlOnly);
        String yaml = "package: a.b\nchannels:\n  x: { type: text, depth: 3 }\n  y: { type: xml, depth: 3 }\n";

        ManifestReading reading = new ManifestReader("channels.yaml", table).read(yaml);

        assertThat(reading.problems()).extracting(ManifestProblem::message).containsExactly(
                "channels.yaml:3:20: key \"depth\" does not apply to text channels — remove it; it applies to [xml]"
                        + " channels");
        assertThat(reading.channel("y").orElseThrow().get(xmlOnly)).contains(3);
        assertThat(ManifestSchema.render(table)).contains("\"then\": {", "\"required\": [\"depth\"]");
    }

    /** The rabbitmq block's members that the key needs beside it: a direction, and its exchange or queue. */
    private static String gatewayCompanions(Setting<?> setting) {
        if (setting == ChannelSettings.RABBITMQ_DIRECTION) {
            return "      exchange: x\n";  // the example is outbound
        }
        if (setting == ChannelSettings.RABBITMQ_QUEUE) {
            return "      direction: inbound\n";
        }
        if (setting == ChannelSettings.RABBITMQ_EXCHANGE) {
            return "      direction: outbound\n";
        }
        if (setting == ChannelSettings.RABBITMQ_ROUTING_KEY || setting == ChannelSettings.RABBITMQ_BATCH) {
            return "      direction: outbound\n      exchange: x\n";
        }
        return "";
    }

    /** A one-channel manifest setting the key (inside its block, if it has one) to the value. */
    static String manifest(Setting<?> setting, String value) {
        String key = setting.key();
        int dot = key.indexOf('.');
        String entry = dot < 0 ? "    " + key + ": " + value + "\n"
                : "    " + key.substring(0, dot) + ":\n      " + key.substring(dot + 1) + ": " + value + "\n"
                        + gatewayCompanions(setting);
        if (!setting.payloadTypes().contains(PayloadType.TEXT)) {
            // a json channel names a message (declared, with a field) or a class, exactly one of them
            String messages = setting == ChannelSettings.MESSAGE
                    ? "messages:\n  " + value + ":\n    fields: { id: long }\n" : "";
            return "package: a.b\n" + messages + "channels:\n  x:\n    type: json\n" + entry;
        }
        return "package: a.b\nchannels:\n  x:\n" + (setting == ChannelSettings.TYPE ? "" : "    type: text\n") + entry;
    }
}
