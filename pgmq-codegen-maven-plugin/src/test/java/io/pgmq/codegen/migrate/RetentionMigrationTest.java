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
 * The {@code pg_mq_set_retention} calls that {@code make-migrations} emits run under Flyway against pgmq-schema's
 * real core scripts, in a non-default schema, and leave the manifest's values in the catalog.
 */
@PgmqTest(schema = "shop", locations = {})
class RetentionMigrationTest {

    @Test
    void createdAndChangedRetention_landInTheCatalog(PgmqDatabase db, @TempDir Path project)
            throws IOException, SQLException {
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());

        manifest(settings, """
                package: com.acme.retention
                schema: shop
                channels:
                  order_emails: { type: text, retention: { done: 3d, dead: 14d } }
                  invoices: { type: xml, retention: { dead: 90d } }
                  thumbnails: { type: bytea }
                """);
        Codegen.makeMigrations(settings);
        migrate(db, settings);
        List<String> created = retention(db);

        manifest(settings, """
                package: com.acme.retention
                schema: shop
                channels:
                  order_emails: { type: text, retention: { done: 36h, dead: 14d } }
                  invoices: { type: xml, retention: { dead: 90d } }
                  thumbnails: { type: bytea, retention: { done: 90m } }
                """);
        List<Path> second = Codegen.makeMigrations(settings);
        migrate(db, settings);

        assertThat(created).containsExactly(
                "invoices | 7 days | 90 days",
                "order_emails | 3 days | 14 days",
                "thumbnails | 7 days | 30 days");
        // only the channels whose retention changed get a migration (version numbers follow the core scripts')
        assertThat(second).extracting(p -> p.getFileName().toString().replaceFirst("^V\\d+__", "")).containsExactly(
                "pgmq_alter_channel_order_emails.sql", "pgmq_alter_channel_thumbnails.sql");
        assertThat(retention(db)).containsExactly(
                "invoices | 7 days | 90 days",
                "order_emails | 36:00:00 | 14 days",
                "thumbnails | 01:30:00 | 30 days");
    }

    /** One row per channel: name, retention and dead-letter retention as PostgreSQL prints them. */
    private static List<String> retention(PgmqDatabase db) throws SQLException {
        return ShopDatabase.rows(db, "SELECT concat_ws(' | ', channel, retention, dead_retention)"
                        + " FROM shop.pg_mq_config_catalog ORDER BY channel");
    }
}
