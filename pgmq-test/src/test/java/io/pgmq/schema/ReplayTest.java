package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendText;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The migration files applied as psql -f would, in version order, each whole file through one JDBC
 * Statement.execute and without Flyway, give the same schema as Flyway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayTest {

  /** Function signatures, settings and security of the pgmq functions. */
  private static final String FUNCTIONS = "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid)"
      + " || ') ' || pg_get_function_result(p.oid) || ' secdef=' || p.prosecdef"
      + " || ' ' || coalesce(array_to_string(p.proconfig, ';'), '')"
      + " || ' public=' || has_function_privilege('public', p.oid, 'EXECUTE')"
      + " FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1";

  /** Columns of every table but Flyway's history. */
  private static final String COLUMNS = "SELECT table_name || '.' || column_name || ' ' || data_type"
      + " || ' ' || is_nullable || ' ' || coalesce(column_default, '') FROM information_schema.columns"
      + " WHERE table_schema = 'public' AND table_name <> 'pgmq_schema_history'"
      + " AND table_name NOT LIKE 'pg\\_mq\\_queue\\_%' ORDER BY table_name, ordinal_position";

  /** Indexes, constraints and table privileges of pgmq's own tables (channels' tables left out). */
  private static final String OTHERS = "SELECT d FROM ("
      + " SELECT tablename AS t, indexdef AS d FROM pg_indexes WHERE schemaname = 'public'"
      + " UNION ALL SELECT conrelid::regclass::text, conrelid::regclass || ' ' || pg_get_constraintdef(oid)"
      + " FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
      + " UNION ALL SELECT c.relname, c.relname || ' ' || coalesce(c.relacl::text, '') FROM pg_class c"
      + " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r') x"
      + " WHERE t <> 'pgmq_schema_history' AND t NOT LIKE 'pg\\_mq\\_queue\\_%' ORDER BY 1";

  private PgmqDatabase byFlyway;
  private PgmqDatabase byHand;

  @BeforeAll
  void install() throws SQLException, IOException {
    byFlyway = PgmqDatabase.create("public", "classpath:db/pgmq");
    byHand = PgmqDatabase.create("public");
    try (Connection c = byHand.connect()) {
      for (String file : migrationFiles(byFlyway)) {
        run(c, resource(file));
      }
    }
  }

  @AfterAll
  void drop() {
    byFlyway.close();
    byHand.close();
  }

  @Test
  void replayedFiles_defineTheSameFunctionsAsFlyway() throws SQLException {
    assertThat(query(byHand, FUNCTIONS)).hasSizeGreaterThan(30).isEqualTo(query(byFlyway, FUNCTIONS));
  }

  @Test
  void replayedFiles_defineTheSameTableColumnsAsFlyway() throws SQLException {
    assertThat(query(byHand, COLUMNS)).isNotEmpty().isEqualTo(query(byFlyway, COLUMNS));
  }

  @Test
  void replayedFiles_defineTheSameIndexesConstraintsAndGrantsAsFlyway() throws SQLException {
    assertThat(query(byHand, OTHERS)).isNotEmpty().isEqualTo(query(byFlyway, OTHERS));
  }

  @Test
  void replayedFiles_serveTheApi() throws SQLException {
    try (Connection c = byHand.connect()) {
      createQueue(c, "replayed", "text");
      sendText(c, "replayed", "hello");

      assertThat(column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('replayed', 1)"))
          .containsExactly("hello");
    }
  }

  private static List<String> query(PgmqDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return column(c, String.class, sql);
    }
  }

  /** The classpath paths of the migrations Flyway applied to {@code db}, in version order (V1, V2, ...). */
  private static List<String> migrationFiles(PgmqDatabase db) {
    List<String> files = Arrays.stream(Flyway.configure().dataSource(db.dataSource())
            .table("pgmq_schema_history").locations("classpath:db/pgmq").load().info().applied())
        .map(m -> "db/pgmq/" + m.getScript())
        .toList();
    assertThat(files).as("migrations on the classpath").startsWith("db/pgmq/V1__core.sql", "db/pgmq/V2__at_least_once.sql");
    return files;
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = ReplayTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as("%s on the test classpath", path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
