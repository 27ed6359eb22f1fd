package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendBytes;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * V11: the generated getters have no SET clause (it would cost each call a search-path rebuild), so a caller's
 * search_path reaches their bodies. Decoys of everything they call (pgmq's functions, a channel table, the operators
 * and pg_catalog functions of their statements) sit in a schema ahead of pg_catalog itself: every getter, routed or
 * through the fallback, still reaches only the real ones.
 */
@PgmqTest
class GetSearchPathTest {

  private static final String DECOYS = "get_decoys";

  @Test
  void getters_withDecoysAheadOfPgCatalogOnSearchPath_useOnlyTheRealNames(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "decoyed_get", "text");
      createQueue(c, "decoyed_get_xml", "xml");
      createQueue(c, "decoyed_get_bytes", "bytea");
      run(c, "ALTER TABLE pg_mq_config_catalog DISABLE TRIGGER pg_mq_catalog_changed_get");
      createQueue(c, "decoyed_get_unrouted", "text");
      run(c, "ALTER TABLE pg_mq_config_catalog ENABLE TRIGGER pg_mq_catalog_changed_get");
      long first = sendText(c, "decoyed_get", "first");
      long second = sendText(c, "decoyed_get", "second");
      sendText(c, "decoyed_get_xml", "<a>b</a>");
      long bytes = sendBytes(c, "decoyed_get_bytes", new byte[] {5});
      long unrouted = sendText(c, "decoyed_get_unrouted", "fallback");
      plant(c);
      run(c, "SET search_path = " + DECOYS + ", pg_catalog, public");

      assertThat(value(c, String.class, "SELECT payload FROM public.pg_mq_get_msg_id_text('decoyed_get', ?)", second))
          .isEqualTo("second");
      assertThat(column(c, String.class, "SELECT payload FROM public.pg_mq_get_msg_text('decoyed_get', 10)"))
          .containsExactly("first");
      assertThat(value(c, byte[].class, "SELECT payload FROM public.pg_mq_get_msg_id_bin('decoyed_get', ?)", first))
          .isEqualTo("first".getBytes(StandardCharsets.UTF_8));
      assertThat(value(c, byte[].class, "SELECT payload FROM public.pg_mq_get_msg_bin('decoyed_get_xml', 10)"))
          .isEqualTo("<a>b</a>".getBytes(StandardCharsets.UTF_8));
      assertThat(value(c, byte[].class, "SELECT payload FROM public.pg_mq_get_msg_id_bin('decoyed_get_bytes', ?)",
          bytes)).isEqualTo(new byte[] {5});
      assertThat(value(c, String.class, "SELECT payload FROM public.pg_mq_get_msg_id_text('decoyed_get_unrouted', ?)",
          unrouted)).isEqualTo("fallback");
      assertThat(sqlError(() -> column(c, String.class,
          "SELECT payload FROM public.pg_mq_get_msg_text('decoyed_get_bytes', 1)")).getSQLState()).isEqualTo("PQ004");
      assertThat(sqlError(() -> column(c, String.class,
          "SELECT payload FROM public.pg_mq_get_msg_text('decoyed_get', 0)")).getSQLState()).isEqualTo("PQ005");

      run(c, "SET search_path = public");
      assertThat(column(c, String.class, "SELECT what FROM " + DECOYS + ".decoy_calls")).isEmpty();
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_decoyed_get WHERE was_delivered"))
          .isEqualTo(2L);
    }
  }

  /**
   * Look-alikes of what the getters call, each logging its use to decoy_calls: pgmq's internal functions, a channel
   * table, clock_timestamp(), convert_to(), current_setting(), and =, <, <= operators that match everything.
   */
  private static void plant(Connection c) throws SQLException {
    run(c, "CREATE SCHEMA " + DECOYS);
    run(c, "CREATE TABLE " + DECOYS + ".decoy_calls (what text)");
    run(c, "CREATE TABLE " + DECOYS + ".pg_mq_queue_decoyed_get (LIKE public.pg_mq_shape_text INCLUDING DEFAULTS)");
    run(c, "INSERT INTO " + DECOYS + ".pg_mq_queue_decoyed_get (msg_id, payload) VALUES (-1, 'decoy')");
    for (String signature : List.of("pg_mq_channel_for_get(in_channel text, in_n integer, in_as_text boolean)",
        "pg_mq_channel(in_channel text)")) {
      logging(c, signature, "void", null);
    }
    for (String kind : List.of("text", "bin")) {
      String type = kind.equals("text") ? "text" : "bytea";
      run(c, "CREATE FUNCTION " + DECOYS + ".pg_mq_get_dynamic_" + kind + "(in_channel name, in_n integer,"
          + " in_msg_id bigint) RETURNS TABLE (msg_id bigint, sent_by name, was_delivered boolean, payload "
          + type + ") LANGUAGE sql AS $$INSERT INTO " + DECOYS
          + ".decoy_calls VALUES ('dynamic'); SELECT -1::bigint, 'decoy'::name, false, NULL::" + type + "$$");
    }
    logging(c, "clock_timestamp()", "timestamptz", "'infinity'::timestamptz");
    logging(c, "convert_to(text, name)", "bytea", "'\\x00'::bytea");
    logging(c, "current_setting(text)", "text", "'SQL_ASCII'");
    for (String[] op : List.of(new String[] {"=", "text", "text"}, new String[] {"=", "bigint", "bigint"},
        new String[] {"<", "integer", "integer"}, new String[] {"<", "text", "text"},
        new String[] {"<=", "timestamptz", "timestamptz"})) {
      String fn = "decoy_op_" + Math.abs((op[0] + op[1]).hashCode());
      logging(c, fn + "(" + op[1] + ", " + op[2] + ")", "boolean", "true");
      run(c, "CREATE OPERATOR " + DECOYS + "." + op[0] + " (LEFTARG = " + op[1] + ", RIGHTARG = " + op[2]
          + ", FUNCTION = " + DECOYS + "." + fn + ")");
    }
  }

  /** A function that logs its call to decoy_calls and returns {@code result} (SQL; null for a void function). */
  private static void logging(Connection c, String signature, String returns, String result) throws SQLException {
    run(c, "CREATE FUNCTION " + DECOYS + "." + signature + " RETURNS " + returns + " LANGUAGE sql AS $$INSERT INTO "
        + DECOYS + ".decoy_calls VALUES ('" + signature.substring(0, signature.indexOf('(')) + "')"
        + (result == null ? "" : "; SELECT " + result) + "$$");
  }
}
