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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations make-migrations writes for a json channel, run by Flyway with pgmq-schema's real core (V12) on a real
 * PostgreSQL: the database refuses what the message's contract refuses, and an allowed change updates the contract
 * while the queued messages stay valid.
 */
@PgmqTest(locations = {})
class JsonChannelMigrationTest {

    @Test
    void jsonChannel_contractEnforced_andAllowedChangeUpdatesIt(PgmqDatabase db, @TempDir Path project)
            throws IOException, SQLException {
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());
        Files.writeString(settings.manifest(), JsonMigrationsTest.V1, StandardCharsets.UTF_8);
        Codegen.makeMigrations(settings);
        migrate(db, settings);

        assertThat(send(db, "{\"order_id\": 1, \"email\": \"a@b\", \"lines\": [], \"status\": \"NEW\","
                + " \"stage\": \"OPEN\", \"note\": 5, \"extra\": true}")).isNull();
        assertThat(send(db, "{\"order_id\": \"1\", \"email\": \"a@b\", \"lines\": [], \"status\": \"NEW\","
                + " \"stage\": \"OPEN\"}")).as("order_id must be a number").isEqualTo("23514");
        assertThat(send(db, "{\"order_id\": 1, \"lines\": [], \"status\": \"NEW\", \"stage\": \"OPEN\"}"))
                .as("email is required").isEqualTo("23514");

        Files.writeString(settings.manifest(), JsonMigrationsTest.V1.replace("coupon: { type: string, optional: true }",
                "coupon: { type: string, optional: true }\n      note: { type: int, optional: true }"),
                StandardCharsets.UTF_8);
        List<Path> written = Codegen.makeMigrations(settings);
        migrate(db, settings);

        assertThat(written).hasSize(1);
        assertThat(send(db, "{\"order_id\": 2, \"email\": \"a@b\", \"lines\": [], \"status\": \"NEW\","
                + " \"stage\": \"OPEN\", \"note\": \"five\"}")).as("note must now be a number").isEqualTo("23514");
        assertThat(send(db, "{\"order_id\": 3, \"email\": \"a@b\", \"lines\": [], \"status\": \"NEW\","
                + " \"stage\": \"OPEN\", \"note\": 5}")).isNull();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM pg_mq_queue_order_placed"); ResultSet rs = s.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).as("the message queued before the change is still there").isEqualTo(2);
        }
    }

    /** Sends a payload; returns null, or the SQLSTATE the database refused it with. */
    private static String send(PgmqDatabase db, String json) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT pg_mq_send_message('order_placed', ?::jsonb)")) {
            s.setString(1, json);
            s.execute();
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static void migrate(PgmqDatabase db, MigrationSettings settings) {
        Flyway.configure()
                .dataSource(db.dataSource())
                .schemas("public")
                .defaultSchema("public")
                .locations("filesystem:" + settings.migrationRoots().get(0).toAbsolutePath())
                .load()
                .migrate();
    }
}
