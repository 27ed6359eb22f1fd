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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying the whole migration stream on an empty database gives the same schema as applying it step by step,
 * with pgmq-schema's real core scripts and a real PostgreSQL.
 */
@PgmqTest(locations = {})
class MigrationReplayTest {

    /** The first manifest: two channels, one with grants, settings and retention. */
    private static final String V1 = """
            package: com.acme.replay
            channels:
              order_emails:
                type: text
                grants: { send: [%1$s], receive: [%2$s] }
                max_attempts: 7
                lease: 45s
                keep_acked: false
                fillfactor: 100
                retention: { done: 3d, dead: 14d }
              invoices: { type: xml }
            """;

    /**
     * The second manifest: a channel added with grants and a fillfactor, and order_emails' grants, settings (keep_acked
     * and fillfactor among them) and retention changed.
     */
    private static final String V2 = """
            package: com.acme.replay
            channels:
              order_emails:
                type: text
                grants: { send: [%1$s], receive: [%2$s, %3$s] }
                max_attempts: 3
                lease: 45s
                keep_acked: true
                fillfactor: 90
                retention: { done: 3d, dead: 60d }
              invoices: { type: xml }
              thumbnails:
                type: bytea
                grants: { send: [%1$s], receive: [%3$s] }
                backoff: { base: 2s, max: 1m }
                fillfactor: 100
            """;

    private static final List<String> ROLES = new ArrayList<>();

    @BeforeAll
    static void createRoles(PgmqDatabase db) throws SQLException {
        // roles are cluster-wide: the database's random suffix keeps them apart on a shared server
        String name = db.databaseName();
        String suffix = name.substring(name.lastIndexOf('_') + 1);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String base : List.of("app", "mailer", "resizer")) {
                String role = "pgmq_replay_" + base + "_" + suffix;
                s.execute("CREATE ROLE \"" + role + "\" NOLOGIN");
                ROLES.add(role);
            }
        }
    }

    @AfterAll
    static void dropRoles(PgmqDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String role : ROLES) {
                s.execute("DROP OWNED BY \"" + role + "\" CASCADE");
                s.execute("DROP ROLE \"" + role + "\"");
            }
        }
        ROLES.clear();
    }

    @Test
    void replayOnEmptyDatabase_matchesStepByStepSchema(PgmqDatabase stepwise, @TempDir Path project)
            throws IOException, SQLException {
        MigrationSettings settings = MigrationSettings.defaults(project);
        Files.createDirectories(settings.manifest().getParent());

        Files.writeString(settings.manifest(), V1.formatted(ROLES.toArray()), StandardCharsets.UTF_8);
        List<Path> first = Codegen.makeMigrations(settings);
        migrate(stepwise, settings);
        Files.writeString(settings.manifest(), V2.formatted(ROLES.toArray()), StandardCharsets.UTF_8);
        List<Path> second = Codegen.makeMigrations(settings);
        migrate(stepwise, settings);

        assertThat(first).isNotEmpty();
        assertThat(second).extracting(p -> p.getFileName().toString())
                .allMatch(f -> f.contains("create_channel_thumbnails") || f.contains("alter_channel_order_emails"))
                .hasSize(2);
        Map<String, List<String>> stepByStep = schemaOf(stepwise);
        Map<String, List<String>> replayed;
        try (PgmqDatabase fresh = PgmqDatabase.create("public")) {
            migrate(fresh, settings);
            replayed = schemaOf(fresh);
            try (Connection c = fresh.connect(); Statement s = c.createStatement()) {
                for (String role : ROLES) {
                    s.execute("DROP OWNED BY \"" + role + "\" CASCADE");
                }
            }
        }
        assertThat(stepByStep.get("catalog")).hasSize(3);
        assertThat(stepByStep.get("grants")).isNotEmpty();
        assertThat(stepByStep.get("tableOptions"))
                .anyMatch(t -> t.startsWith("pg_mq_queue_order_emails | ") && t.contains("fillfactor=90"))
                .anyMatch(t -> t.startsWith("pg_mq_queue_thumbnails | ") && t.contains("fillfactor=100"));
        assertThat(replayed).isEqualTo(stepByStep);
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

    /**
     * What must match: catalog rows, tables and columns, table options (fillfactor), indexes, triggers, and grants on
     * tables and schema.
     */
    private static Map<String, List<String>> schemaOf(PgmqDatabase db) throws SQLException {
        Map<String, List<String>> schema = new LinkedHashMap<>();
        try (Connection c = db.connect()) {
            // created_at is when the step ran, not what it did
            schema.put("catalog", rows(c, "SELECT (to_jsonb(c) - 'created_at')::text FROM pg_mq_config_catalog c"
                    + " ORDER BY channel"));
            schema.put("columns", rows(c, "SELECT concat_ws(' | ', table_name, column_name, data_type, is_nullable,"
                    + " column_default, is_identity) FROM information_schema.columns WHERE table_schema = 'public'"
                    + " ORDER BY table_name, ordinal_position"));
            schema.put("tableOptions", rows(c, "SELECT concat_ws(' | ', relname, reloptions::text) FROM pg_class"
                    + " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname"));
            schema.put("indexes", rows(c, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
                    + " ORDER BY tablename, indexname"));
            schema.put("triggers", rows(c, "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t"
                    + " JOIN pg_class r ON r.oid = t.tgrelid WHERE r.relnamespace = 'public'::regnamespace"
                    + " AND NOT t.tgisinternal ORDER BY r.relname, t.tgname"));
            schema.put("grants", rows(c, "SELECT concat_ws(' | ', table_name, column_name, grantee, privilege_type)"
                    + " FROM information_schema.column_privileges WHERE table_schema = 'public'"
                    + " AND grantee LIKE 'pgmq_replay_%' UNION ALL"
                    + " SELECT concat_ws(' | ', table_name, grantee, privilege_type)"
                    + " FROM information_schema.role_table_grants WHERE table_schema = 'public'"
                    + " AND grantee LIKE 'pgmq_replay_%' ORDER BY 1"));
            schema.put("schemaUsage", rows(c, "SELECT r.rolname FROM pg_roles r"
                    + " WHERE r.rolname LIKE 'pgmq_replay_%' AND has_schema_privilege(r.oid, 'public', 'USAGE')"
                    + " ORDER BY 1"));
            schema.put("functions", rows(c, "SELECT p.oid::regprocedure::text || ' ' || coalesce(p.proacl::text, '')"
                    + " FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1"));
        }
        return schema;
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
