package io.pgmq.codegen.migrate;

import static io.pgmq.codegen.migrate.ShopDatabase.manifest;
import static io.pgmq.codegen.migrate.ShopDatabase.migrate;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Codegen;
import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pg_mq_set_fillfactor} calls that {@code make-migrations} emits run under Flyway against pgmq-schema's
 * real core scripts (V8 added the function), in a non-default schema, and leave the manifest's fillfactor on the
 * queue tables; an application whose vendored core stops at V7 gets V8 vendored before the migrations that call it.
 */
@PgmqTest(schema = "shop", locations = {})
class FillfactorMigrationTest {

    @Test
    void createdAndChangedFillfactor_landInTheTableOptions(PgmqDatabase db, @TempDir Path project)
            throws IOException, SQLException {
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());

        manifest(settings, """
                package: com.acme.fill
                schema: shop
                channels:
                  order_emails: { type: text, fillfactor: 100 }
                  invoices: { type: xml, fillfactor: 45 }
                  thumbnails: { type: bytea }
                """);
        Codegen.makeMigrations(settings);
        migrate(db, settings);
        List<String> created = fillfactors(db);

        manifest(settings, """
                package: com.acme.fill
                schema: shop
                channels:
                  order_emails: { type: text, fillfactor: 90 }
                  invoices: { type: xml, fillfactor: 45 }
                  thumbnails: { type: bytea, fillfactor: 100 }
                """);
        List<Path> second = Codegen.makeMigrations(settings);
        migrate(db, settings);

        assertThat(created).containsExactly(
                "invoices | 45",
                "order_emails | 100",
                "thumbnails | 45");
        // only the channels whose fillfactor changed get a migration (version numbers follow the core scripts')
        assertThat(second).extracting(p -> p.getFileName().toString().replaceFirst("^V\\d+__", "")).containsExactly(
                "pgmq_alter_channel_order_emails.sql", "pgmq_alter_channel_thumbnails.sql");
        assertThat(fillfactors(db)).containsExactly(
                "invoices | 45",
                "order_emails | 90",
                "thumbnails | 100");
    }

    @Test
    void applicationOnCoreV7_getsV8VendoredBeforeTheMigrationsCallingIt(@TempDir Path project, @TempDir Path older)
            throws IOException, SQLException {
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());
        manifest(settings, """
                package: com.acme.fill
                schema: shop
                channels:
                  order_emails: { type: text }
                """);
        List<Path> first = Migrations.make(settings, coreUpTo(7, older), Clock.systemUTC());

        manifest(settings, """
                package: com.acme.fill
                schema: shop
                channels:
                  order_emails: { type: text, fillfactor: 100 }
                  invoices: { type: xml, fillfactor: 100 }
                """);
        List<Path> second = Codegen.makeMigrations(settings);

        assertThat(first).extracting(p -> p.getFileName().toString())
                .contains("V7__pgmq_core_v7_idle_wake_gate.sql", "V8__pgmq_create_channel_order_emails.sql")
                .noneMatch(f -> f.contains("core_v8"));
        // V8 and the core scripts after it, then the channels' migrations (numbered after the last core script)
        List<String> names = second.stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).first().isEqualTo("V9__pgmq_core_v8_locked_claims.sql");
        assertThat(names.subList(0, names.size() - 2)).allMatch(f -> f.contains("__pgmq_core_v"));
        assertThat(names.subList(names.size() - 2, names.size())).satisfiesExactly(
                f -> assertThat(f).matches("V\\d+__pgmq_create_channel_invoices\\.sql"),
                f -> assertThat(f).matches("V\\d+__pgmq_alter_channel_order_emails\\.sql"));
        assertThat(Files.readString(second.get(0))).contains("CREATE FUNCTION pg_mq_set_fillfactor(");
        try (PgmqDatabase fresh = PgmqDatabase.create("shop")) {
            migrate(fresh, settings);
            assertThat(fillfactors(fresh)).containsExactly(
                    "invoices | 100",
                    "order_emails | 100");
        }
    }

    /** One row per channel: name and its queue table's fillfactor ("unset" when the table has none). */
    private static List<String> fillfactors(PgmqDatabase db) throws SQLException {
        return ShopDatabase.rows(db, "SELECT concat_ws(' | ', c.channel, coalesce((SELECT o.option_value"
                + " FROM pg_options_to_table(r.reloptions) o WHERE o.option_name = 'fillfactor'), 'unset'))"
                + " FROM shop.pg_mq_config_catalog c JOIN pg_class r ON r.oid = format('shop.%I', c.table_name)::regclass"
                + " ORDER BY c.channel");
    }

    /** A class loader holding pgmq-schema's core scripts up to {@code version}, as an older pgmq release had them. */
    private static ClassLoader coreUpTo(int version, Path folder) throws IOException {
        Path scripts = Files.createDirectories(folder.resolve(CoreScripts.FOLDER));
        for (CoreScripts.CoreScript script : CoreScripts.load(FillfactorMigrationTest.class.getClassLoader())) {
            if (Integer.parseInt(script.fileName().replaceFirst("^V(\\d+)__.*", "$1")) <= version) {
                Files.writeString(scripts.resolve(script.fileName()), script.sql(), StandardCharsets.UTF_8);
            }
        }
        return new URLClassLoader(new URL[] {folder.toUri().toURL()}, null);
    }
}
