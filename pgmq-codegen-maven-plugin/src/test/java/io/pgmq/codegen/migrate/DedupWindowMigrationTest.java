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
 * The {@code pg_mq_set_dedup_window} calls that {@code make-migrations} emits for the manifest's {@code dedup_window}
 * run under Flyway against pgmq-schema's real core scripts (V13), in a non-default schema, and leave the manifest's
 * window in the catalog; removing the key sets it back to zero.
 */
@PgmqTest(schema = "shop", locations = {})
class DedupWindowMigrationTest {

    @Test
    void createdChangedAndRemovedWindow_landInTheCatalog(PgmqDatabase db, @TempDir Path project)
            throws IOException, SQLException {
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());

        manifest(settings, """
                package: com.acme.dedup
                schema: shop
                channels:
                  invoices: { type: text, dedup_window: 1d }
                  emails: { type: text }
                """);
        Codegen.makeMigrations(settings);
        migrate(db, settings);
        List<String> created = windows(db);

        manifest(settings, """
                package: com.acme.dedup
                schema: shop
                channels:
                  invoices: { type: text }
                  emails: { type: text, dedup_window: 90m }
                """);
        Codegen.makeMigrations(settings);
        migrate(db, settings);

        assertThat(created).containsExactly("emails | 00:00:00", "invoices | 1 day");
        assertThat(windows(db)).containsExactly("emails | 01:30:00", "invoices | 00:00:00");
    }

    private static List<String> windows(PgmqDatabase db) throws SQLException {
        return ShopDatabase.rows(db, "SELECT concat_ws(' | ', channel, dedup_window)"
                + " FROM shop.pg_mq_config_catalog ORDER BY channel");
    }
}
