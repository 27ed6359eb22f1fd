package io.pgmq.codegen.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Golden;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
        assertThat(emails.get(ChannelSettings.GRANTS_SEND)).contains(List.of("shop_app"));
        assertThat(emails.get(ChannelSettings.GRANTS_RECEIVE)).contains(List.of("mailer", "o'brien"));
        assertThat(emails.get(ChannelSettings.MAX_ATTEMPTS)).hasValue(5);
        assertThat(emails.get(ChannelSettings.BACKOFF_BASE)).contains(Duration.ofSeconds(1));
        assertThat(emails.get(ChannelSettings.BACKOFF_MAX)).contains(Duration.ofMinutes(5));
        assertThat(emails.get(ChannelSettings.LEASE)).contains(Duration.ofSeconds(30));
        assertThat(emails.get(ChannelSettings.KEEP_ACKED)).contains(false);
        assertThat(manifest.channel("invoices").orElseThrow().get(ChannelSettings.KEEP_ACKED)).contains(true);
        assertThat(manifest.channel("thumbnails").orElseThrow().get(ChannelSettings.KEEP_ACKED)).isEmpty();
        assertThat(manifest.channel("thumbnails").orElseThrow().get(ChannelSettings.FILLFACTOR)).hasValue(100);
        assertThat(emails.get(ChannelSettings.FILLFACTOR)).isEmpty();
        assertThat(emails.get(ChannelSettings.RETENTION_DONE)).contains(Duration.ofDays(3));
        assertThat(emails.get(ChannelSettings.RETENTION_DEAD)).contains(Duration.ofDays(14));
        assertThat(emails.get(ChannelSettings.NOTIFY)).contains(NotifyMode.WHEN_IDLE);
        assertThat(manifest.channel("invoices").orElseThrow().get(ChannelSettings.NOTIFY)).isEmpty();
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
        assertThat(manifest.channels().get(0).get(ChannelSettings.GRANTS_SEND)).contains(List.of());
        assertThat(manifest.channels().get(0).get(ChannelSettings.GRANTS_RECEIVE)).contains(List.of());
    }

    @Test
    void retentionWithOnlyDone_leavesDeadRetentionUnset() {
        ChannelManifest manifest = ManifestParser.parse("channels.yaml",
                "package: a.b\nchannels: { x: { type: text, retention: { done: 36h } } }\n");

        ChannelSpec channel = manifest.channels().get(0);
        assertThat(channel.get(ChannelSettings.RETENTION_DONE)).contains(Duration.ofHours(36));
        assertThat(channel.get(ChannelSettings.RETENTION_DEAD)).isEmpty();
    }

    @Test
    void everyNotifyMode_parses() {
        ChannelManifest manifest = ManifestParser.parse("channels.yaml", "package: a.b\nchannels:\n"
                + "  a: { type: text, notify: always }\n  b: { type: text, notify: when_idle }\n"
                + "  c: { type: text, notify: never }\n");

        assertThat(manifest.channels()).extracting(c -> c.get(ChannelSettings.NOTIFY).orElseThrow())
                .containsExactly(NotifyMode.ALWAYS, NotifyMode.WHEN_IDLE, NotifyMode.NEVER);
    }

    @Test
    void fillfactorBounds_parse() {
        ChannelManifest manifest = ManifestParser.parse("channels.yaml", "package: a.b\nchannels:\n"
                + "  a: { type: text, fillfactor: 10 }\n  b: { type: text, fillfactor: 45 }\n"
                + "  c: { type: text, fillfactor: 100 }\n");

        assertThat(manifest.channels()).extracting(c -> c.get(ChannelSettings.FILLFACTOR).orElseThrow()).containsExactly(10, 45, 100);
    }

    @Test
    void channelWithoutRetention_hasNeitherSetting() {
        ChannelSpec channel = ManifestParser.parse("channels.yaml", "package: a.b\nchannels: { x: { type: xml } }\n")
                .channels().get(0);

        assertThat(channel.get(ChannelSettings.RETENTION_DONE)).isEmpty();
        assertThat(channel.get(ChannelSettings.RETENTION_DEAD)).isEmpty();
    }
}
