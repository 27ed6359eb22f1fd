package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
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

  /**
   * Except the when_idle trigger (NotifyModeTest plants decoys for it), since V9 the always trigger and the generated
   * pg_mq_send_message overloads (the test below), since V11 the four generated getters (GetSearchPathTest), and
   * since V12 pg_mq_json_conforms (JsonContractTest): their bodies qualify every name instead.
   */
  @Test
  void everyPgmqFunction_pinsSearchPathToItsSchemaThenPgTemp(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      List<Map<String, Object>> functions = rows(c,
          "SELECT p.oid::regprocedure::text AS fn, array_to_string(p.proconfig, ';') AS config FROM pg_proc p"
              + " WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'pg\\_mq\\_%'"
              + " AND p.proname NOT IN ('pg_mq_notify', 'pg_mq_notify_when_idle', 'pg_mq_send_message',"
              + " 'pg_mq_get_msg_text', 'pg_mq_get_msg_bin', 'pg_mq_get_msg_id_text', 'pg_mq_get_msg_id_bin',"
              + " 'pg_mq_json_conforms')"
              + " ORDER BY 1");

      assertThat(functions).hasSizeGreaterThan(30)
          .allSatisfy(f -> assertThat(f.get("config")).as("proconfig of %s", f.get("fn"))
              .isEqualTo("search_path=public, pg_temp"));
    }
  }

  /**
   * V9: pg_mq_send_message and the always trigger pg_mq_notify have no SET clause (it cost a sixth of a send), so
   * a caller's search_path reaches their bodies. Decoys of everything they call (pgmq's functions, a channel table,
   * text's = operator, now(), pg_notify) sit in a schema ahead of pg_catalog itself: every send path still reaches
   * only the real ones.
   */
  @Test
  void sendMessage_withDecoysAheadOfPgCatalogOnSearchPath_usesOnlyTheRealNames(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "decoyed_text", "text");
      createQueue(c, "decoyed_xml", "xml");
      createQueue(c, "decoyed_bytes", "bytea");
      run(c, "CREATE DOMAIN png AS bytea");
      run(c, "ALTER TABLE pg_mq_config_catalog DISABLE TRIGGER pg_mq_catalog_changed");
      createQueue(c, "decoyed_unrouted", "text");
      run(c, "ALTER TABLE pg_mq_config_catalog ENABLE TRIGGER pg_mq_catalog_changed");
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_proc WHERE proconfig IS NULL AND oid IN ("
              + " 'public.pg_mq_send_message(text, text, timestamptz, jsonb, text)'::regprocedure,"
              + " 'public.pg_mq_send_message(text, anyelement, timestamptz, jsonb, text)'::regprocedure,"
              + " 'public.pg_mq_notify()'::regprocedure)"))
          .as("no SET clause").isEqualTo(3L);
      plantSendDecoys(c, "send_decoys");
      run(c, "SET search_path = send_decoys, pg_catalog, public");

      long textId = value(c, Long.class, "SELECT msg_id FROM public.pg_mq_send_message('decoyed_text', 'real')");
      value(c, Long.class, "SELECT msg_id FROM public.pg_mq_send_message('decoyed_text', 42)");
      value(c, Long.class, "SELECT msg_id FROM public.pg_mq_send_message('decoyed_bytes', '\\x01'::bytea)");
      value(c, Long.class, "SELECT msg_id FROM public.pg_mq_send_message('decoyed_bytes', '\\x02'::public.png)");
      value(c, Long.class, "SELECT msg_id FROM public.pg_mq_send_message('decoyed_unrouted', 'fallback')");
      value(c, Long.class, "SELECT msg_id FROM public.pg_mq_send_message('decoyed_text', 'later',"
          + " pg_catalog.now() + interval '1 hour')");
      assertThat(Sql.sqlError(() -> value(c, Long.class,
              "SELECT msg_id FROM public.pg_mq_send_message('decoyed_xml', '<unclosed')")).getSQLState())
          .isEqualTo("2200N");
      assertThat(Sql.sqlError(() -> value(c, Long.class,
              "SELECT msg_id FROM public.pg_mq_send_message('decoyed_bytes', 'text')")).getSQLState())
          .isEqualTo("PQ004");
      assertThat(Sql.sqlError(() -> value(c, Long.class,
              "SELECT msg_id FROM public.pg_mq_send_message('decoyed_text', NULL::text)")).getSQLState())
          .isEqualTo("22004");
      assertThat(Sql.sqlError(() -> value(c, Long.class,
              "SELECT msg_id FROM public.pg_mq_send_message('decoyed_nowhere', 'x')")).getSQLState())
          .isEqualTo("PQ001");

      run(c, "SET search_path = public");
      assertThat(value(c, Long.class, "SELECT count(*) FROM send_decoys.decoy_calls")).isZero();
      assertThat(value(c, Long.class, "SELECT count(*) FROM send_decoys.pg_mq_queue_decoyed_text")).isZero();
      assertThat(Sql.column(c, String.class, "SELECT payload FROM pg_mq_queue_decoyed_text ORDER BY msg_id"))
          .containsExactly("real", "42", "later");
      assertThat(value(c, Long.class, "SELECT msg_id FROM pg_mq_queue_decoyed_text WHERE payload = 'real'"))
          .isEqualTo(textId);
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_decoyed_bytes")).isEqualTo(2L);
      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_queue_decoyed_unrouted")).isEqualTo("fallback");
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_decoyed_xml")).isZero();
    }
  }

  @Test
  void everySecurityDefinerFunction_isNotExecutableByPublic_exceptTheFewThatActOnlyForTheCaller(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      List<String> open = Sql.column(c, String.class,
          "SELECT p.oid::regprocedure::text FROM pg_proc p"
              + " WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'pg\\_mq\\_%' AND p.prosecdef"
              + " AND has_function_privilege('public', p.oid, 'EXECUTE') ORDER BY 1");

      // V3: pg_mq_channel_stats_of returns counts, never payloads, for the PUBLIC pg_mq_channel_stats view;
      // V10: pg_mq_unregister_idle deletes only the calling session's registrations, and pg_mq_idle_tidy (for
      // pg_mq_register_idle) runs only for a session registered on the channel and deletes ended backends' rows
      // V13: pg_mq_dedup_holder answers only a role that may send on the channel, and releases only a key whose
      // window has passed (which that role's next send would release anyway)
      assertThat(open).isSubsetOf("pg_mq_channel_stats_of(text)", "pg_mq_dedup_holder(text,text)",
          "pg_mq_idle_tidy(text)", "pg_mq_unregister_idle(text)");
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
   * refuses to install where PUBLIC may create objects, and docs/sql-api.md says only trusted roles may.
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

  /**
   * Look-alikes of what pg_mq_send_message calls, each logging its use to decoy_calls: pgmq's internal functions,
   * a channel table, now(), pg_notify, and an = operator on text that matches everything.
   */
  private static void plantSendDecoys(Connection c, String schema) throws SQLException {
    run(c, "CREATE SCHEMA " + schema);
    run(c, "CREATE TABLE " + schema + ".decoy_calls (what text)");
    run(c, "CREATE TABLE " + schema + ".pg_mq_queue_decoyed_text (msg_id bigint DEFAULT 0, payload text)");
    for (String signature : List.of("pg_mq_channel(in_channel text)", "pg_mq_base_type(in_type regtype)",
        "pg_mq_check_xml(in_channel text, in_payload text)",
        "pg_mq_payload_mismatch(in_channel text, in_channel_type text, in_payload_type text)")) {
      run(c, "CREATE FUNCTION " + schema + "." + signature + " RETURNS void LANGUAGE sql AS $$INSERT INTO "
          + schema + ".decoy_calls VALUES ('" + signature.substring(0, signature.indexOf('(')) + "')$$");
    }
    run(c, "CREATE FUNCTION " + schema + ".pg_mq_send_dynamic(in_channel text, in_payload text,"
        + " in_deliver_at timestamptz) RETURNS bigint LANGUAGE sql AS $$INSERT INTO " + schema
        + ".decoy_calls VALUES ('pg_mq_send_dynamic'); SELECT -1::bigint$$");
    run(c, "CREATE FUNCTION " + schema + ".now() RETURNS timestamptz LANGUAGE sql AS $$INSERT INTO " + schema
        + ".decoy_calls VALUES ('now'); SELECT 'epoch'::timestamptz$$");
    run(c, "CREATE FUNCTION " + schema + ".pg_notify(text, text) RETURNS void LANGUAGE sql AS $$INSERT INTO "
        + schema + ".decoy_calls VALUES ('pg_notify')$$");
    run(c, "CREATE FUNCTION " + schema + ".text_eq(text, text) RETURNS boolean LANGUAGE sql AS $$INSERT INTO "
        + schema + ".decoy_calls VALUES ('='); SELECT true$$");
    run(c, "CREATE OPERATOR " + schema + ".= (LEFTARG = text, RIGHTARG = text, FUNCTION = " + schema + ".text_eq)");
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
