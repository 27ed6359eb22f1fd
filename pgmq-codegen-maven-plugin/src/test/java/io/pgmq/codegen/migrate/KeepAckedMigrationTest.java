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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pg_mq_alter_channel(..., in_keep_acked => ...)} calls that {@code make-migrations} emits run under Flyway
 * against pgmq-schema's real core scripts (V6 added the parameter), in a non-default schema, and leave the manifest's
 * keep_acked in the catalog.
 */
@PgmqTest(schema = "shop", locations = {})
class KeepAckedMigrationTest {

    @Test
    void createdAndChangedKeepAcked_landInTheCatalog(PgmqDatabase db, @TempDir Path project)
            throws IOException, SQLException {
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());

        manifest(settings, """
                package: com.acme.keep
                schema: shop
                channels:
                  order_emails: { type: text, keep_acked: true }
                  invoices: { type: xml, keep_acked: false }
                  thumbnails: { type: bytea }
                """);
        Codegen.makeMigrations(settings);
        migrate(db, settings);
        List<String> created = keepAcked(db);

        manifest(settings, """
                package: com.acme.keep
                schema: shop
                channels:
                  order_emails: { type: text, keep_acked: false }
                  invoices: { type: xml, keep_acked: false }
                  thumbnails: { type: bytea, keep_acked: true }
                """);
        List<Path> second = Codegen.makeMigrations(settings);
        migrate(db, settings);

        assertThat(created).containsExactly(
                "invoices | false",
                "order_emails | true",
                "thumbnails | false");
        // only the channels whose keep_acked changed get a migration (version numbers follow the core scripts')
        assertThat(second).extracting(p -> p.getFileName().toString().replaceFirst("^V\\d+__", "")).containsExactly(
                "pgmq_alter_channel_order_emails.sql", "pgmq_alter_channel_thumbnails.sql");
        assertThat(keepAcked(db)).containsExactly(
                "invoices | false",
                "order_emails | false",
                "thumbnails | true");
    }

    /** One row per channel: name and keep_acked as PostgreSQL prints them. */
    private static List<String> keepAcked(PgmqDatabase db) throws SQLException {
        return ShopDatabase.rows(db, "SELECT concat_ws(' | ', channel, keep_acked::text)"
                + " FROM shop.pg_mq_config_catalog ORDER BY channel");
    }
}
