package io.pgmq.codegen.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgmq.codegen.Golden;
import io.pgmq.codegen.emit.GeneratedFile;
import io.pgmq.codegen.manifest.ChannelSettings;
import io.pgmq.codegen.manifest.ManifestException;
import io.pgmq.codegen.manifest.ManifestProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path project;

    MigrationSettings settings;

    @BeforeEach
    void setUp() {
        settings = MigrationSettings.defaults(project);
    }

    @Test
    void firstRun_vendorsCoreAndCreatesChannels_matchesGolden() throws IOException {
        manifest(Files.readString(Golden.manifest("shop.yaml")));

        List<Path> written = make(core("v1"));

        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly(
                "V1__pgmq_core_v1_core.sql",
                "V2__pgmq_create_channel_invoices.sql",
                "V3__pgmq_create_channel_order_emails.sql",
                "V4__pgmq_create_channel_thumbnails.sql");
        Golden.assertMatches("shop/migrations", snapshot());
    }

    @Test
    void unchangedManifest_writesNothing() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        Map<String, String> before = files();

        assertThat(make(core("v1"))).isEmpty();
        assertThat(files()).isEqualTo(before);
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
    }

    @Test
    void addedChannel_appendsExactlyOneMigration_andLeavesOthersByteIdentical() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        Map<String, String> before = files();
        manifest("package: a.b\nchannels:\n  orders: { type: text }\n  invoices: { type: xml }\n");

        List<Path> written = make(core("v1"));

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("V3__pgmq_create_channel_invoices.sql");
        Map<String, String> after = files();
        before.forEach((name, content) -> {
            if (name.endsWith(".sql")) {
                assertThat(after.get(name)).as(name).isEqualTo(content);
            }
        });
        assertThat(after.get("src/main/resources/db/migration/pgmq/V3__pgmq_create_channel_invoices.sql"))
                .contains("SELECT \"pg_mq_create_queue\"('invoices', 'xml');");
    }

    @Test
    void addedChannelWithoutMigration_failsCheckWithCommand() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels:\n  orders: { type: text }\n  invoices: { type: xml }\n");

        assertThat(Migrations.check(settings, core("v1"))).containsExactly(
                "channel `invoices` (src/main/pgmq/channels.yaml:4) has no migration; run `./mvnw pgmq:make-migrations` and commit"
                        + " the new file");
    }

    @Test
    void handEditedMigration_failsCheck() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        Path file = settings.migrationDirectory().resolve("V2__pgmq_create_channel_orders.sql");
        Files.writeString(file, Files.readString(file) + "-- tweak\n");

        assertThat(Migrations.check(settings, core("v1"))).containsExactly(
                "migration V2__pgmq_create_channel_orders.sql was edited after pgmq wrote it; restore it from version"
                        + " control and put the change in the manifest, then run `./mvnw pgmq:make-migrations`");
    }

    @Test
    void deletedMigration_failsCheck() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        Files.delete(settings.migrationDirectory().resolve("V1__pgmq_core_v1_core.sql"));

        assertThat(Migrations.check(settings, core("v1"))).containsExactly(
                "migration V1__pgmq_core_v1_core.sql was deleted, but channels.lock.json records it; restore it from"
                        + " version control (a migration once written is never removed)");
    }

    @Test
    void newerCoreScript_isVendoredAlone_andCheckedBefore() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));

        assertThat(Migrations.check(settings, core("v2"))).containsExactly(
                "pgmq core script V2__notes.sql (from pgmq-schema) is not vendored into the application's migrations"
                        + " yet; run `./mvnw pgmq:make-migrations` and commit the new file");
        assertThat(make(core("v2"))).extracting(p -> p.getFileName().toString())
                .containsExactly("V3__pgmq_core_v2_notes.sql");
    }

    @Test
    void changedType_isRefusedWithFix() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels:\n  orders: { type: xml }\n");

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> make(core("v1")));

        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:3:19: channel \"orders\" changed its type from text to xml, and type cannot"
                        + " change once migrated — restore type: text, declare a new channel for the new type, and retire this one with"
                        + " retired: true");
    }

    @Test
    void removedChannelWithoutRetired_isRefused() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text }, invoices: { type: xml } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        Map<String, String> before = files();

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> make(core("v1")));

        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:1:1: channel \"invoices\" was removed from the manifest, but a migration created its"
                        + " queue table — put it back with retired: true, so that make-migrations writes a migration"
                        + " that drops it");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void retiredChannel_getsDropMigrationGuardedAgainstMessages() throws IOException {
        manifest("package: a.b\nschema: shop\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        manifest("package: a.b\nschema: shop\nchannels: { orders: { type: text, retired: true } }\n");

        List<Path> written = make(core("v1"));

        assertThat(written).hasSize(1);
        assertThat(written.get(0).getFileName().toString()).isEqualTo("V3__pgmq_drop_channel_orders.sql");
        assertThat(Files.readString(written.get(0)))
                .contains("SELECT count(*) INTO v_left FROM \"shop\".\"pg_mq_queue_orders\" WHERE NOT was_delivered;")
                .contains("RAISE EXCEPTION 'channel \"orders\" still holds % undelivered messages (ready, leased, delayed or"
                        + " dead letters); pgmq will not drop it', v_left")
                .contains("stop its producers; let its consumers drain it")
                .endsWith("SELECT \"shop\".\"pg_mq_drop_queue\"('orders');\n");
        assertThat(make(core("v1"))).isEmpty();
    }

    @Test
    void changedGrantsAndSettings_becomeOneAlterMigration() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, grants: { send: [a, b] }, max_attempts: 3 } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text, grants: { send: [b, \"o'c\\\\d\"] },"
                + " max_attempts: 4, lease: 90s } }\n");

        List<Path> written = make(core("v1"));

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("V3__pgmq_alter_channel_orders.sql");
        assertThat(Files.readString(written.get(0))).endsWith(
                "SELECT \"pg_mq_revoke_send\"('orders', 'a');\n"
                        + "SELECT \"pg_mq_grant_send\"('orders', E'o''c\\\\d');\n"
                        + "SELECT \"pg_mq_alter_channel\"('orders',\n    in_max_attempts => 4,\n"
                        + "    in_lease => interval '90 seconds');\n");
    }

    @Test
    void removedSetting_isRefused() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, max_attempts: 3 } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> make(core("v1")));

        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:2:13: channel \"orders\" no longer sets max_attempts, and a removed setting cannot be"
                        + " migrated — set the value you want explicitly (the database has max_attempts: 3)");
    }

    @Test
    void channelCreatedWithRetention_setsItInTheCreateMigration() throws IOException {
        manifest("package: a.b\nschema: shop\n"
                + "channels: { orders: { type: text, retention: { done: 36h, dead: 30d } } }\n");

        List<Path> written = make(core("v1"));

        assertThat(Files.readString(written.get(1))).endsWith(
                "SELECT \"shop\".\"pg_mq_create_queue\"('orders', 'text');\n"
                        + "SELECT \"shop\".\"pg_mq_set_retention\"('orders', in_retention => interval '36 hours',"
                        + " in_dead_retention => interval '30 days');\n");
    }

    @Test
    void channelCreatedWithNotify_setsItInTheCreateMigration() throws IOException {
        manifest("package: a.b\nschema: shop\nchannels: { orders: { type: text, notify: when_idle } }\n");

        List<Path> written = make(core("v1"));

        assertThat(Files.readString(written.get(1))).endsWith(
                "SELECT \"shop\".\"pg_mq_create_queue\"('orders', 'text');\n"
                        + "SELECT \"shop\".\"pg_mq_set_notify_mode\"('orders', 'when_idle');\n");
        assertThat(Files.readString(settings.lockFile()))
                .contains("\"orders\": {\"type\": \"text\", \"send\": [], \"receive\": [], \"notify\": \"when_idle\"}");
    }

    @Test
    void changedNotify_becomesAlterMigration_andRemovedNotifySetsAlwaysAgain() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, notify: when_idle } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text, notify: never } }\n");
        List<Path> changed = make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");

        List<Path> removed = make(core("v1"));

        assertThat(changed).extracting(p -> p.getFileName().toString())
                .containsExactly("V3__pgmq_alter_channel_orders.sql");
        assertThat(Files.readString(changed.get(0))).endsWith("SELECT \"pg_mq_set_notify_mode\"('orders', 'never');\n");
        assertThat(Files.readString(removed.get(0))).endsWith("SELECT \"pg_mq_set_notify_mode\"('orders', 'always');\n");
        assertThat(Files.readString(settings.lockFile())).doesNotContain("notify");
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
    }

    @Test
    void lockFileWithoutNotify_readsAsUnset_andChecksClean() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, lease: 30s } }\n");
        make(core("v1"));
        String lock = Files.readString(settings.lockFile());

        assertThat(lock).doesNotContain("notify");
        assertThat(Lock.read(settings.lockFile()).channels().get("orders").values().get(ChannelSettings.NOTIFY)).isEmpty();
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
        assertThat(make(core("v1"))).isEmpty();
        assertThat(Files.readString(settings.lockFile())).isEqualTo(lock);
    }

    @Test
    void channelCreatedWithoutRetention_leavesTheDatabaseDefaults() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");

        List<Path> written = make(core("v1"));

        assertThat(Files.readString(written.get(1))).doesNotContain("pg_mq_set_retention");
    }

    @Test
    void changedRetention_becomesAlterMigrationPassingOnlyTheChange() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, retention: { done: 7d, dead: 30d } } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text, retention: { done: 7d, dead: 90d } } }\n");

        List<Path> written = make(core("v1"));

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("V3__pgmq_alter_channel_orders.sql");
        assertThat(Files.readString(written.get(0))).endsWith(
                "SELECT \"pg_mq_set_retention\"('orders', in_dead_retention => interval '90 days');\n");
        assertThat(Files.readString(settings.lockFile()))
                .contains("\"orders\": {\"type\": \"text\", \"send\": [], \"receive\": [], \"retention\": \"PT168H\","
                        + " \"dead_retention\": \"PT2160H\"}");
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
    }

    @Test
    void retentionAddedLater_failsCheckUntilMigrated() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels:\n  orders: { type: text, retention: { dead: 60d } }\n");

        assertThat(Migrations.check(settings, core("v1"))).containsExactly(
                "channel `orders` (src/main/pgmq/channels.yaml:3) has changed grants or settings with no migration; run"
                        + " `./mvnw pgmq:make-migrations` and commit the new file");
        assertThat(Files.readString(make(core("v1")).get(0))).endsWith(
                "SELECT \"pg_mq_set_retention\"('orders', in_dead_retention => interval '60 days');\n");
    }

    @Test
    void removedRetention_isRefused() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, retention: { done: 7d, dead: 30d } } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text, retention: { dead: 30d } } }\n");
        Map<String, String> before = files();

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> make(core("v1")));

        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:2:13: channel \"orders\" no longer sets retention.done, and a removed setting cannot be"
                        + " migrated — set the value you want explicitly (the database has retention.done: 7d)");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void lockFileWithoutRetention_readsAsUnset_andChecksClean() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, max_attempts: 5 } }\n");
        make(core("v1"));
        String lock = Files.readString(settings.lockFile());

        assertThat(lock).doesNotContain("retention");
        Lock read = Lock.read(settings.lockFile());
        assertThat(read.channels().get("orders").values().get(ChannelSettings.RETENTION_DONE)).isEmpty();
        assertThat(read.channels().get("orders").values().get(ChannelSettings.RETENTION_DEAD)).isEmpty();
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
        assertThat(make(core("v1"))).isEmpty();
        assertThat(Files.readString(settings.lockFile())).isEqualTo(lock);
    }

    @Test
    void channelCreatedWithKeepAcked_setsItInTheCreateMigration() throws IOException {
        manifest("package: a.b\nschema: shop\nchannels: { orders: { type: text, keep_acked: true } }\n");

        List<Path> written = make(core("v1"));

        assertThat(Files.readString(written.get(1))).endsWith(
                "SELECT \"shop\".\"pg_mq_create_queue\"('orders', 'text');\n"
                        + "SELECT \"shop\".\"pg_mq_alter_channel\"('orders',\n    in_keep_acked => true);\n");
        assertThat(Files.readString(settings.lockFile()))
                .contains("\"orders\": {\"type\": \"text\", \"send\": [], \"receive\": [], \"keep_acked\": true}");
    }

    @Test
    void channelCreatedWithoutKeepAcked_leavesTheDatabaseDefault() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, max_attempts: 3 } }\n");

        List<Path> written = make(core("v1"));

        assertThat(Files.readString(written.get(1))).doesNotContain("keep_acked");
        assertThat(Files.readString(settings.lockFile())).doesNotContain("keep_acked");
    }

    @Test
    void changedKeepAcked_becomesAlterMigrationPassingOnlyTheChange() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, max_attempts: 3, keep_acked: true } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text, max_attempts: 3, keep_acked: false } }\n");

        List<Path> written = make(core("v1"));

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("V3__pgmq_alter_channel_orders.sql");
        assertThat(Files.readString(written.get(0))).endsWith(
                "SELECT \"pg_mq_alter_channel\"('orders',\n    in_keep_acked => false);\n");
        assertThat(Files.readString(settings.lockFile())).contains("\"max_attempts\": 3, \"keep_acked\": false}");
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
    }

    @Test
    void keepAckedAddedLater_failsCheckUntilMigrated() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels:\n  orders: { type: text, keep_acked: true }\n");

        assertThat(Migrations.check(settings, core("v1"))).containsExactly(
                "channel `orders` (src/main/pgmq/channels.yaml:3) has changed grants or settings with no migration; run"
                        + " `./mvnw pgmq:make-migrations` and commit the new file");
        assertThat(Files.readString(make(core("v1")).get(0))).endsWith(
                "SELECT \"pg_mq_alter_channel\"('orders',\n    in_keep_acked => true);\n");
    }

    @Test
    void removedKeepAcked_isRefused() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, keep_acked: true } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        Map<String, String> before = files();

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> make(core("v1")));

        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:2:13: channel \"orders\" no longer sets keep_acked, and a removed setting cannot be"
                        + " migrated — set the value you want explicitly (the database has keep_acked: true)");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void lockFileWithoutKeepAcked_readsAsUnset_andChecksClean() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, lease: 30s } }\n");
        make(core("v1"));
        String lock = Files.readString(settings.lockFile());

        assertThat(lock).doesNotContain("keep_acked");
        assertThat(Lock.read(settings.lockFile()).channels().get("orders").values().get(ChannelSettings.KEEP_ACKED)).isEmpty();
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
        assertThat(make(core("v1"))).isEmpty();
        assertThat(Files.readString(settings.lockFile())).isEqualTo(lock);
    }

    @Test
    void channelCreatedWithFillfactor_setsItInTheCreateMigration() throws IOException {
        manifest("package: a.b\nschema: shop\nchannels: { orders: { type: text, fillfactor: 100 } }\n");

        List<Path> written = make(core("v1"));

        assertThat(Files.readString(written.get(1))).endsWith(
                "SELECT \"shop\".\"pg_mq_create_queue\"('orders', 'text');\n"
                        + "SELECT \"shop\".\"pg_mq_set_fillfactor\"('orders', 100);\n");
        assertThat(Files.readString(settings.lockFile()))
                .contains("\"orders\": {\"type\": \"text\", \"send\": [], \"receive\": [], \"fillfactor\": 100}");
    }

    @Test
    void channelCreatedWithFillfactorAndOtherSettings_setsEachWithItsFunction() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, keep_acked: true, fillfactor: 100,"
                + " retention: { done: 1d } } }\n");

        List<Path> written = make(core("v1"));

        assertThat(Files.readString(written.get(1))).endsWith(
                "SELECT \"pg_mq_create_queue\"('orders', 'text');\n"
                        + "SELECT \"pg_mq_alter_channel\"('orders',\n    in_keep_acked => true);\n"
                        + "SELECT \"pg_mq_set_fillfactor\"('orders', 100);\n"
                        + "SELECT \"pg_mq_set_retention\"('orders', in_retention => interval '1 day');\n");
    }

    @Test
    void channelCreatedWithoutFillfactor_leavesTheDatabaseDefault() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, max_attempts: 3 } }\n");

        List<Path> written = make(core("v1"));

        assertThat(Files.readString(written.get(1))).doesNotContain("fillfactor");
        assertThat(Files.readString(settings.lockFile())).doesNotContain("fillfactor");
    }

    @Test
    void changedFillfactor_becomesAlterMigrationSettingOnlyIt() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, max_attempts: 3, fillfactor: 100 } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text, max_attempts: 3, fillfactor: 45 } }\n");

        List<Path> written = make(core("v1"));

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("V3__pgmq_alter_channel_orders.sql");
        assertThat(Files.readString(written.get(0)))
                .endsWith("\n\nSELECT \"pg_mq_set_fillfactor\"('orders', 45);\n")
                .doesNotContain("pg_mq_alter_channel");
        assertThat(Files.readString(settings.lockFile())).contains("\"max_attempts\": 3, \"fillfactor\": 45}");
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
    }

    @Test
    void fillfactorAddedLater_failsCheckUntilMigrated() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels:\n  orders: { type: text, fillfactor: 100 }\n");

        assertThat(Migrations.check(settings, core("v1"))).containsExactly(
                "channel `orders` (src/main/pgmq/channels.yaml:3) has changed grants or settings with no migration; run"
                        + " `./mvnw pgmq:make-migrations` and commit the new file");
        assertThat(Files.readString(make(core("v1")).get(0))).endsWith(
                "SELECT \"pg_mq_set_fillfactor\"('orders', 100);\n");
    }

    @Test
    void removedFillfactor_isRefused() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, fillfactor: 100 } }\n");
        make(core("v1"));
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        Map<String, String> before = files();

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> make(core("v1")));

        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:2:13: channel \"orders\" no longer sets fillfactor, and a removed setting cannot be"
                        + " migrated — set the value you want explicitly (the database has fillfactor: 100)");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void lockFileWithoutFillfactor_readsAsUnset_andChecksClean() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text, keep_acked: true } }\n");
        make(core("v1"));
        String lock = Files.readString(settings.lockFile());

        assertThat(lock).doesNotContain("fillfactor");
        assertThat(Lock.read(settings.lockFile()).channels().get("orders").values().get(ChannelSettings.FILLFACTOR)).isEmpty();
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
        assertThat(make(core("v1"))).isEmpty();
        assertThat(Files.readString(settings.lockFile())).isEqualTo(lock);
    }

    @Test
    void applicationWithV1ToV5_getsV6Onwards() throws IOException {
        for (int i = 1; i <= 5; i++) {
            app("V" + i + "__app_" + i + ".sql");
        }
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");

        assertThat(make(core("v1"))).extracting(p -> p.getFileName().toString())
                .containsExactly("V6__pgmq_core_v1_core.sql", "V7__pgmq_create_channel_orders.sql");
        assertThat(Migrations.check(settings, core("v1"))).isEmpty();
    }

    @Test
    void zeroPaddedVersions_keepTheirWidth() throws IOException {
        app("V009__app.sql");
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");

        assertThat(make(core("v1"))).extracting(p -> p.getFileName().toString())
                .containsExactly("V010__pgmq_core_v1_core.sql", "V011__pgmq_create_channel_orders.sql");
    }

    @Test
    void dottedVersions_countUpTheLastPart() throws IOException {
        app("V1.2__app.sql");
        app("V1.10__app_later.sql");
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");

        assertThat(make(core("v1"))).extracting(p -> p.getFileName().toString())
                .containsExactly("V1.11__pgmq_core_v1_core.sql", "V1.12__pgmq_create_channel_orders.sql");
    }

    @Test
    void timestampVersions_continueFromNow() throws IOException {
        app("V20240101093000__app.sql");
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");

        assertThat(make(core("v1"))).extracting(p -> p.getFileName().toString())
                .containsExactly("V20260501120000__pgmq_core_v1_core.sql",
                        "V20260501120001__pgmq_create_channel_orders.sql");
    }

    @Test
    void applicationMigrationWithPgmqVersion_failsCheck() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make(core("v1"));
        app("V2__users.sql");

        assertThat(Migrations.check(settings, core("v1"))).containsExactly(
                "migration V2__pgmq_create_channel_orders.sql (pgmq) and V2__users.sql have the same version 2, which"
                        + " Flyway refuses; give V2__users.sql the next free version (pgmq's files are recorded in the"
                        + " lock file and are never renumbered)");
    }

    @Test
    void badManifest_writesNothing() throws IOException {
        manifest("package: a.b\nchannels: { Orders: { type: text } }\n");

        catchThrowableOfType(ManifestException.class, () -> make(core("v1")));

        assertThat(files()).containsOnlyKeys("src/main/pgmq/channels.yaml");
    }

    @Test
    void realPgmqSchemaJar_providesCoreScripts() throws IOException {
        assertThat(CoreScripts.load(getClass().getClassLoader()))
                .extracting(CoreScripts.CoreScript::fileName).contains("V1__core.sql");
    }

    // ---- fixtures ----

    private List<Path> make(ClassLoader core) throws IOException {
        return Migrations.make(settings, core, CLOCK);
    }

    private void manifest(String yaml) throws IOException {
        Files.createDirectories(settings.manifest().getParent());
        Files.writeString(settings.manifest(), yaml, StandardCharsets.UTF_8);
    }

    private void app(String fileName) throws IOException {
        Path dir = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(dir.resolve(fileName), "SELECT 1;\n");
    }

    /** Test fixture: a class loader holding only {@code core-fixture/<version>/db/pgmq/*.sql}. */
    private static ClassLoader core(String version) {
        try {
            URL url = Path.of("src/test/resources/core-fixture", version).toUri().toURL();
            return new URLClassLoader(new URL[] {url}, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> files() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(project)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(project.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return files;
    }

    private List<GeneratedFile> snapshot() throws IOException {
        return files().entrySet().stream().filter(e -> !e.getKey().endsWith(".yaml"))
                .map(e -> new GeneratedFile(e.getKey(), e.getValue())).toList();
    }
}
