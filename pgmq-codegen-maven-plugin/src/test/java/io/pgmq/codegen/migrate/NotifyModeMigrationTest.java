package io.pgmq.codegen.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Codegen;
import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pg_mq_set_notify_mode} calls that {@code make-migrations} emits run under Flyway against pgmq-schema's
 * real core scripts, in a non-default schema, and leave the manifest's mode and the matching trigger in place.
 */
@PgmqTest(schema = "shop", locations = {})
class NotifyModeMigrationTest {

    @Test
    void createdChangedAndRemovedNotify_landInTheCatalogAndTriggers(PgmqDatabase db, @TempDir Path project)
            throws IOException, SQLException {
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());

        manifest(settings, """
                package: com.acme.notify
                schema: shop
                channels:
                  order_emails: { type: text, notify: when_idle }
                  invoices: { type: xml, notify: never }
                  thumbnails: { type: bytea }
                """);
        Codegen.makeMigrations(settings);
        migrate(db, settings);
        List<String> created = modes(db);

        manifest(settings, """
                package: com.acme.notify
                schema: shop
                channels:
                  order_emails: { type: text, notify: never }
                  invoices: { type: xml }
                  thumbnails: { type: bytea, notify: when_idle }
                """);
        Codegen.makeMigrations(settings);
        migrate(db, settings);

        assertThat(created).containsExactly(
                "invoices | never | ",
                "order_emails | when_idle | pg_mq_notify_when_idle",
                "thumbnails | always | pg_mq_notify");
        assertThat(modes(db)).containsExactly(
                "invoices | always | pg_mq_notify",
                "order_emails | never | ",
                "thumbnails | when_idle | pg_mq_notify_when_idle");
    }

    private static void manifest(MigrationSettings settings, String yaml) throws IOException {
        Files.writeString(settings.manifest(), yaml, StandardCharsets.UTF_8);
    }

    private static void migrate(PgmqDatabase db, MigrationSettings settings) {
        Flyway.configure()
                .dataSource(db.dataSource())
                .schemas("shop")
                .defaultSchema("shop")
                .locations("filesystem:" + settings.migrationRoots().get(0).toAbsolutePath())
                .load()
                .migrate();
    }

    /** One row per channel: name, notify mode, and the function of its table's trigger (empty when none). */
    private static List<String> modes(PgmqDatabase db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT concat_ws(' | ', c.channel, c.notify_mode,"
                        + " coalesce((SELECT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                        + " WHERE t.tgrelid = format('shop.%I', c.table_name)::regclass), ''))"
                        + " FROM shop.pg_mq_config_catalog c ORDER BY c.channel")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
