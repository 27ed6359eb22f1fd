package io.pgmq.codegen.migrate;

import io.pgmq.test.PgmqDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/** Test fixture: writes a manifest, applies the generated migrations to schema "shop", and reads rows back. */
final class ShopDatabase {

    private ShopDatabase() {
    }

    static void manifest(MigrationSettings settings, String yaml) throws IOException {
        Files.writeString(settings.manifest(), yaml, StandardCharsets.UTF_8);
    }

    static void migrate(PgmqDatabase db, MigrationSettings settings) {
        Flyway.configure()
                .dataSource(db.dataSource())
                .schemas("shop")
                .defaultSchema("shop")
                .locations("filesystem:" + settings.migrationRoots().get(0).toAbsolutePath())
                .load()
                .migrate();
    }

    /** The first column of every row {@code sql} returns, as text. */
    static List<String> rows(PgmqDatabase db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
