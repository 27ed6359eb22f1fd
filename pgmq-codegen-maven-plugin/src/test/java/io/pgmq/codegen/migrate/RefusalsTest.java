package io.pgmq.codegen.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.manifest.ManifestException;
import io.pgmq.codegen.manifest.ManifestProblem;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes no migration can make are reported with the manifest's other problems, at the changed value. */
class RefusalsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path project;

    MigrationSettings settings;

    @BeforeEach
    void setUp() throws IOException {
        settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());
    }

    @Test
    void typeChangeAndUnknownKey_areReportedTogether_atTheTypesValue() throws IOException {
        manifest("package: a.b\nchannels:\n  orders: { type: text }\n  invoices: { type: xml }\n");
        make();
        manifest("package: a.b\nchannels:\n  orders:\n    type: xml\n  invoices: { type: xml, retries: 3 }\n");

        ManifestException e = catchThrowableOfType(ManifestException.class, this::make);

        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:4:11: channel \"orders\" changed its type from text to xml, and type"
                        + " cannot change once migrated — restore type: text, declare a new channel for the new type,"
                        + " and retire this one with retired: true",
                "src/main/pgmq/channels.yaml:5:26: unknown key \"retries\" in channel \"invoices\" — remove it;"
                        + " allowed keys: type, message, class, description, grants, max_attempts, backoff, lease, keep_acked,"
                        + " fillfactor, retention, notify, dedup_window, rabbitmq, retired");
    }

    @Test
    void generate_withRefusedTypeChange_failsBeforeRewritingTheClass() throws IOException {
        manifest("package: a.b\nchannels:\n  orders: { type: text }\n");
        make();
        Path out = project.resolve("target/generated-sources/pgmq");
        Codegen.generate(settings, out);
        Path generated = out.resolve("a/b/OrdersChannel.java");
        String before = Files.readString(generated);
        manifest("package: a.b\nchannels:\n  orders: { type: bytea }\n");

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Codegen.generate(settings, out));

        assertThat(e.getMessage()).startsWith("src/main/pgmq/channels.yaml:3:19: channel \"orders\" changed its type");
        assertThat(Files.readString(generated)).isEqualTo(before).contains("extends TextChannel");
    }

    @Test
    void schemaChangedAfterMigrations_isRefusedAtTheSchemaValue() throws IOException {
        manifest("package: a.b\nschema: queues\nchannels: { orders: { type: text } }\n");
        make();
        manifest("package: a.b\nschema: other\nchannels: { orders: { type: text } }\n");

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Migrations.check(settings, core()));

        assertThat(e.problems()).extracting(ManifestProblem::message).containsExactly(
                "src/main/pgmq/channels.yaml:2:9: schema changed from \"queues\" to \"other\", but the migrations already"
                        + " written installed pgmq's core and queue tables in \"queues\", and no migration moves them —"
                        + " restore schema: queues; to use another schema, start it in a new database with its own"
                        + " migrations");
    }

    @Test
    void schemaAddedAfterMigrations_isRefused() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");
        make();
        manifest("package: a.b\nschema: queues\nchannels: { orders: { type: text } }\n");

        ManifestException e = catchThrowableOfType(ManifestException.class, this::make);

        assertThat(e.getMessage()).startsWith("src/main/pgmq/channels.yaml:2:9: schema changed from Flyway's default"
                + " schema (no schema key) to \"queues\"").endsWith("— remove the schema key; to use another schema,"
                + " start it in a new database with its own migrations");
    }

    @Test
    void invalidSchemaName_isRefusedWithTheFix() throws IOException {
        manifest("package: a.b\nschema: Public-Queues\nchannels: { orders: { type: text } }\n");

        ManifestException e = catchThrowableOfType(ManifestException.class, this::make);

        assertThat(e.getMessage()).isEqualTo("src/main/pgmq/channels.yaml:2:9: schema \"Public-Queues\" is invalid:"
                + " expected lower-case letters, digits and '_' starting with a letter or '_' (a name PostgreSQL needs"
                + " no quotes for) — rename it, e.g. \"public_queues\"");
    }

    @Test
    void lockFileWithoutSchema_acceptsTheManifestsSchema_andIsNotRewritten() throws IOException {
        manifest("package: a.b\nschema: queues\nchannels: { orders: { type: text } }\n");
        make();
        String old = Files.readString(settings.lockFile()).replace("  \"schema\": \"queues\",\n", "");
        Files.writeString(settings.lockFile(), old);

        assertThat(Migrations.check(settings, core())).isEmpty();
        assertThat(make()).isEmpty();
        assertThat(Files.readString(settings.lockFile())).isEqualTo(old);
    }

    @Test
    void dryRun_returnsTheFilesAndLock_andWritesNothing() throws IOException {
        manifest("package: a.b\nchannels: { orders: { type: text } }\n");

        var pending = Migrations.pending(settings, core(), CLOCK);

        assertThat(pending.keySet()).extracting(p -> project.relativize(p).toString().replace('\\', '/'))
                .containsExactly("src/main/resources/db/migration/pgmq/V1__pgmq_core_v1_core.sql",
                        "src/main/resources/db/migration/pgmq/V2__pgmq_create_channel_orders.sql",
                        "src/main/pgmq/channels.lock.json");
        assertThat(pending.get(settings.migrationDirectory().resolve("V2__pgmq_create_channel_orders.sql")))
                .contains("SELECT \"pg_mq_create_queue\"('orders', 'text');");
        assertThat(Files.exists(settings.lockFile())).isFalse();
        assertThat(Files.exists(settings.migrationDirectory())).isFalse();
    }

    private java.util.List<Path> make() throws IOException {
        return Migrations.make(settings, core(), CLOCK);
    }

    private void manifest(String yaml) throws IOException {
        Files.writeString(settings.manifest(), yaml, StandardCharsets.UTF_8);
    }

    private static ClassLoader core() throws IOException {
        URL url = Path.of("src/test/resources/core-fixture/v1").toUri().toURL();
        return new URLClassLoader(new URL[] {url}, null);
    }
}
