package io.pgmq.codegen.migrate;

import static io.pgmq.codegen.migrate.ShopDatabase.manifest;
import static io.pgmq.codegen.migrate.ShopDatabase.migrate;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.codegen.Codegen;
import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
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

    /** One row per channel: name, notify mode, and the function of its table's trigger (empty when none). */
    private static List<String> modes(PgmqDatabase db) throws SQLException {
        return ShopDatabase.rows(db, "SELECT concat_ws(' | ', c.channel, c.notify_mode,"
                        + " coalesce((SELECT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                        + " WHERE t.tgrelid = format('shop.%I', c.table_name)::regclass), ''))"
                        + " FROM shop.pg_mq_config_catalog c ORDER BY c.channel");
    }
}
