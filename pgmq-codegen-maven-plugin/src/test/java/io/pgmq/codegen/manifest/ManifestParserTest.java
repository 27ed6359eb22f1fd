package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Golden;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class ManifestParserTest {

    @Test
    void shopManifest_becomesSortedRecords() throws IOException {
        ChannelManifest manifest = ManifestParser.parse(Golden.manifest("shop.yaml"));

        assertThat(manifest.javaPackage()).isEqualTo("com.acme.shop.channels");
        assertThat(manifest.schema()).contains("shop");
        assertThat(manifest.channels()).extracting(ChannelSpec::name)
                .containsExactly("invoices", "old_feed", "order_emails", "thumbnails");
        ChannelSpec emails = manifest.channel("order_emails").orElseThrow();
        assertThat(emails.type()).isEqualTo(PayloadType.TEXT);
        assertThat(emails.grants()).isEqualTo(new Grants(List.of("shop_app"), List.of("mailer", "o'brien")));
        assertThat(emails.maxAttempts()).hasValue(5);
        assertThat(emails.backoffBase()).contains(Duration.ofSeconds(1));
        assertThat(emails.backoffMax()).contains(Duration.ofMinutes(5));
        assertThat(emails.lease()).contains(Duration.ofSeconds(30));
        assertThat(emails.keepAcked()).contains(false);
        assertThat(manifest.channel("invoices").orElseThrow().keepAcked()).contains(true);
        assertThat(manifest.channel("thumbnails").orElseThrow().keepAcked()).isEmpty();
        assertThat(manifest.channel("thumbnails").orElseThrow().fillfactor()).hasValue(100);
        assertThat(emails.fillfactor()).isEmpty();
        assertThat(emails.retention()).contains(Duration.ofDays(3));
        assertThat(emails.deadRetention()).contains(Duration.ofDays(14));
        assertThat(emails.notifyMode()).contains(NotifyMode.WHEN_IDLE);
        assertThat(manifest.channel("invoices").orElseThrow().notifyMode()).isEmpty();
        assertThat(emails.position()).isEqualTo(new Position("shop.yaml", 5, 3));
        assertThat(emails.javaClassName()).isEqualTo("OrderEmailsChannel");
        assertThat(emails.javaConstantName()).isEqualTo("ORDER_EMAILS");
        assertThat(manifest.channel("old_feed").orElseThrow().retired()).isTrue();
        assertThat(manifest.activeChannels()).extracting(ChannelSpec::name).doesNotContain("old_feed");
    }

    @Test
    void minimalManifest_hasNoSchemaAndNoGrants() {
        ChannelManifest manifest = ManifestParser.parse("channels.yaml", "package: a.b\nchannels: { x: { type: bytea } }\n");

        assertThat(manifest.schema()).isEqualTo(Optional.empty());
        assertThat(manifest.channels().get(0).grants()).isEqualTo(Grants.NONE);
    }

    @Test
    void retentionWithOnlyDone_leavesDeadRetentionUnset() {
        ChannelManifest manifest = ManifestParser.parse("channels.yaml",
                "package: a.b\nchannels: { x: { type: text, retention: { done: 36h } } }\n");

        ChannelSpec channel = manifest.channels().get(0);
        assertThat(channel.retention()).contains(Duration.ofHours(36));
        assertThat(channel.deadRetention()).isEmpty();
    }

    @Test
    void everyNotifyMode_parses() {
        ChannelManifest manifest = ManifestParser.parse("channels.yaml", "package: a.b\nchannels:\n"
                + "  a: { type: text, notify: always }\n  b: { type: text, notify: when_idle }\n"
                + "  c: { type: text, notify: never }\n");

        assertThat(manifest.channels()).extracting(c -> c.notifyMode().orElseThrow())
                .containsExactly(NotifyMode.ALWAYS, NotifyMode.WHEN_IDLE, NotifyMode.NEVER);
    }

    @Test
    void fillfactorBounds_parse() {
        ChannelManifest manifest = ManifestParser.parse("channels.yaml", "package: a.b\nchannels:\n"
                + "  a: { type: text, fillfactor: 10 }\n  b: { type: text, fillfactor: 45 }\n"
                + "  c: { type: text, fillfactor: 100 }\n");

        assertThat(manifest.channels()).extracting(c -> c.fillfactor().orElseThrow()).containsExactly(10, 45, 100);
    }

    @Test
    void channelWithoutRetention_hasNeitherSetting() {
        ChannelSpec channel = ManifestParser.parse("channels.yaml", "package: a.b\nchannels: { x: { type: xml } }\n")
                .channels().get(0);

        assertThat(channel.retention()).isEmpty();
        assertThat(channel.deadRetention()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonSchema_shippedInJar_documentsEveryKeyTheParserAccepts() throws IOException {
        try (InputStream in = ManifestParser.class.getResourceAsStream("/io/pgmq/codegen/channels.schema.json")) {
            assertThat(in).isNotNull();
            Map<String, Object> schema = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromInputStream(in);
            Map<String, Object> root = (Map<String, Object>) schema.get("properties");
            assertThat(root.keySet()).containsExactlyInAnyOrderElementsOf(ManifestReader.ROOT_KEYS);
            Map<String, Object> channel = (Map<String, Object>) ((Map<String, Object>) schema.get("$defs")).get("channel");
            Map<String, Object> channelKeys = (Map<String, Object>) channel.get("properties");
            assertThat(channelKeys.keySet()).containsExactlyInAnyOrderElementsOf(ManifestReader.CHANNEL_KEYS);
            assertThat(subKeys(channelKeys, "grants")).containsExactlyInAnyOrderElementsOf(ManifestReader.GRANT_KEYS);
            assertThat(subKeys(channelKeys, "backoff"))
                    .containsExactlyInAnyOrderElementsOf(ManifestReader.BACKOFF_KEYS);
            assertThat(subKeys(channelKeys, "retention"))
                    .containsExactlyInAnyOrderElementsOf(ManifestReader.RETENTION_KEYS);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> subKeys(Map<String, Object> channelKeys, String key) {
        Map<String, Object> property = (Map<String, Object>) channelKeys.get(key);
        assertThat(property).as("schema property %s", key).isNotNull();
        return ((Map<String, Object>) property.get("properties")).keySet();
    }
}
