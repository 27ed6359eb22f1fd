package io.pgmq.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Plain-JDBC shortcuts shared by the SQL core's tests: every value bound, rows as column maps. */
final class Sql {

  private Sql() {}

  /** Runs one statement with bound arguments; returns the update count (or -1 for a query). */
  static int exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args)) {
      return ps.execute() ? -1 : ps.getUpdateCount();
    }
  }

  /** Runs a statement without parameters, e.g. SET ROLE or DDL with identifiers spelled out. */
  static void run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Every row of a query, each as column label to value, in select-list order. */
  static List<Map<String, Object>> rows(Connection c, String sql, Object... args)
      throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** The single row of a query; fails the test if there is not exactly one. */
  static Map<String, Object> row(Connection c, String sql, Object... args) throws SQLException {
    List<Map<String, Object>> rows = rows(c, sql, args);
    assertThat(rows).as("rows of %s", sql).hasSize(1);
    return rows.get(0);
  }

  /** The first column of every row. */
  static <T> List<T> column(Connection c, Class<T> type, String sql, Object... args)
      throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getObject(1, type));
      }
    }
    return out;
  }

  /** The first column of the single row. */
  static <T> T value(Connection c, Class<T> type, String sql, Object... args) throws SQLException {
    List<T> values = column(c, type, sql, args);
    assertThat(values).as("rows of %s", sql).hasSize(1);
    return values.get(0);
  }

  static void createQueue(Connection c, String channel, String type) throws SQLException {
    exec(c, "SELECT pg_mq_create_queue(?, ?)", channel, type);
  }

  static long sendText(Connection c, String channel, String payload) throws SQLException {
    return value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message(?, ?::text)", channel, payload);
  }

  static long sendBytes(Connection c, String channel, byte[] payload) throws SQLException {
    return value(
        c, Long.class, "SELECT msg_id FROM pg_mq_send_message(?, ?::bytea)", channel, payload);
  }

  static boolean tableExists(Connection c, String schema, String table) throws SQLException {
    return value(c, Boolean.class, "SELECT to_regclass(format('%I.%I', ?, ?)) IS NOT NULL", schema, table);
  }

  /** Runs {@code action}, which must fail with a server error; returns that error. */
  static PSQLException sqlError(SqlAction action) {
    Throwable thrown = catchThrowable(action::run);
    assertThat(thrown).as("expected an SQL error").isInstanceOf(PSQLException.class);
    PSQLException e = (PSQLException) thrown;
    assertThat(e.getServerErrorMessage()).as("server error of %s", e).isNotNull();
    return e;
  }

  /** The error's primary message, without pgjdbc's "ERROR: " prefix or the hint. */
  static String message(PSQLException e) {
    return e.getServerErrorMessage().getMessage();
  }

  static String hint(PSQLException e) {
    ServerErrorMessage m = e.getServerErrorMessage();
    return m.getHint() == null ? "" : m.getHint();
  }

  /** Double-quotes an identifier the way PostgreSQL's quote_ident does for names we spell out. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  /** A JDBC call that may throw. */
  @FunctionalInterface
  interface SqlAction {
    void run() throws Exception;
  }
}
