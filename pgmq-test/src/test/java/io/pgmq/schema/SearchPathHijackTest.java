package io.pgmq.schema;

import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.quote;
import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.tableExists;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A caller allowed to run the SECURITY DEFINER pg_mq_create_queue plants look-alike objects in its own
 * schema and in pg_temp and puts them first on its search_path: the function must not use them.
 */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPathHijackTest {

  private static final String ATTACKER_SCHEMA = "attacker_schema";

  private TestRoles roles;
  private String attacker;

  @BeforeAll
  void plantDecoys(PgmqDatabase db) throws SQLException {
    roles = new TestRoles(db);
    attacker = roles.create("attacker");
    try (Connection c = db.connect()) {
      run(c, "CREATE SCHEMA " + ATTACKER_SCHEMA + " AUTHORIZATION " + quote(attacker));
      run(c, "GRANT EXECUTE ON FUNCTION pg_mq_create_queue(text, text) TO " + quote(attacker));
    }
    try (Connection c = roles.connectAs(attacker)) {
      plant(c, ATTACKER_SCHEMA);
    }
  }

  @AfterAll
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  @ParameterizedTest(name = "search_path = {0}")
  @CsvSource(delimiter = '|', value = {
      "attacker_schema, pg_temp | hijack_own_first",
      "pg_temp, attacker_schema | hijack_temp_first"})
  void createQueue_withDecoysFirstOnSearchPath_usesTheRealCatalogOnly(String searchPath, String channel,
      PgmqDatabase db) throws SQLException {
    try (Connection c = roles.connectAs(attacker)) {
      plant(c, "pg_temp");
      run(c, "SET search_path = " + searchPath);

      exec(c, "SELECT public.pg_mq_create_queue(?, 'text')", channel);

      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_temp.pg_mq_config_catalog")).isZero();
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_temp.decoy_calls")).isZero();
    }
    try (Connection c = db.connect()) {
      assertThat(value(c, String.class,
              "SELECT table_name::text FROM public.pg_mq_config_catalog WHERE channel = ?", channel))
          .isEqualTo("pg_mq_queue_" + channel);
      assertThat(tableExists(c, "public", "pg_mq_queue_" + channel)).isTrue();
      assertThat(tableExists(c, ATTACKER_SCHEMA, "pg_mq_queue_" + channel)).isFalse();
      assertThat(value(c, Long.class, "SELECT count(*) FROM attacker_schema.pg_mq_config_catalog")).isZero();
      assertThat(value(c, Long.class, "SELECT count(*) FROM attacker_schema.decoy_calls")).isZero();
      assertThat(value(c, Long.class, "SELECT count(*) FROM information_schema.columns"
              + " WHERE table_schema = 'public' AND table_name = ? AND column_name = 'lease_token'",
              "pg_mq_queue_" + channel))
          .as("the real shape was copied").isEqualTo(1);
    }
  }

  /** Except the when_idle trigger, whose body qualifies every name instead (NotifyModeTest plants decoys for it). */
  @Test
  void everyPgmqFunction_pinsSearchPathToItsSchemaThenPgTemp(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      List<Map<String, Object>> functions = rows(c,
          "SELECT p.oid::regprocedure::text AS fn, array_to_string(p.proconfig, ';') AS config FROM pg_proc p"
              + " WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'pg\\_mq\\_%'"
              + " AND p.proname <> 'pg_mq_notify_when_idle' ORDER BY 1");

      assertThat(functions).hasSizeGreaterThan(30)
          .allSatisfy(f -> assertThat(f.get("config")).as("proconfig of %s", f.get("fn"))
              .isEqualTo("search_path=public, pg_temp"));
    }
  }

  @Test
  void everySecurityDefinerFunction_isNotExecutableByPublic_exceptTheCountsBehindTheStatsView(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      List<String> open = Sql.column(c, String.class,
          "SELECT p.oid::regprocedure::text FROM pg_proc p"
              + " WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'pg\\_mq\\_%' AND p.prosecdef"
              + " AND has_function_privilege('public', p.oid, 'EXECUTE') ORDER BY 1");

      // V3: pg_mq_channel_stats_of returns counts, never payloads, for the PUBLIC pg_mq_channel_stats view
      assertThat(open).isSubsetOf("pg_mq_channel_stats_of(text)");
    }
  }

  /**
   * PostgreSQL 13 and 14 grant CREATE on schema public to PUBLIC by default. A role with that privilege
   * defines a better-matching overload of a built-in that pg_mq_create_queue calls unqualified
   * (format(text, name, name, name, text) instead of format(text, VARIADIC "any")); function resolution
   * prefers it over pg_catalog's, so it runs as the function's owner.
   */
  /**
   * Pinning search_path cannot stop a role that may create objects in the install schema itself: it could plant
   * an overload of a built-in (format(text, name, ...)) that a SECURITY DEFINER function would prefer. So V1
   * refuses to install where PUBLIC may create objects, and the README says only trusted roles may.
   */
  @Test
  void install_intoSchemaWherePublicMayCreate_isRefusedWithTheFix() throws SQLException {
    try (PgmqDatabase db = PgmqDatabase.create("public")) {
      try (Connection c = db.connect()) {
        run(c, "GRANT CREATE ON SCHEMA public TO PUBLIC");
      }
      Flyway flyway = Flyway.configure()
          .dataSource(db.jdbcUrl(), db.user(), db.password())
          .locations("classpath:db/pgmq").table("pgmq_schema_history")
          .load();

      assertThatThrownBy(flyway::migrate)
          .hasMessageContaining("pgmq will not install into schema \"public\": every role may create objects in it")
          .hasMessageContaining("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      try (Connection c = db.connect()) {
        assertThat(Sql.value(c, Boolean.class, "SELECT to_regclass('public.pg_mq_config_catalog') IS NULL")).isTrue();
      }
    }
  }

  /** Look-alikes of the catalog, a shape and two internal functions, each logging its use to decoy_calls. */
  private static void plant(Connection c, String schema) throws SQLException {
    run(c, "CREATE TABLE " + schema + ".decoy_calls (what text)");
    run(c, "CREATE TABLE " + schema + ".pg_mq_config_catalog (channel text, table_name name, payload_type text,"
        + " created_at timestamptz, created_by name, max_attempts int, backoff_base interval,"
        + " backoff_max interval, default_lease interval)");
    run(c, "CREATE TABLE " + schema + ".pg_mq_shape_text (payload text)");
    run(c, "CREATE FUNCTION " + schema + ".pg_mq_check_channel_name(in_channel text) RETURNS name"
        + " LANGUAGE sql AS $$INSERT INTO " + schema + ".decoy_calls VALUES ('check');"
        + " SELECT 'pg_mq_queue_decoy'::name$$");
    run(c, "CREATE FUNCTION " + schema + ".pg_mq_create_trigger(in_channel text, in_table name) RETURNS void"
        + " LANGUAGE sql AS $$INSERT INTO " + schema + ".decoy_calls VALUES ('trigger')$$");
  }
}
