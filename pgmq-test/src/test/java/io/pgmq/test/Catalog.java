package io.pgmq.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Catalog look-ups shared by the harness tests. */
final class Catalog {

  private Catalog() {}

  static boolean tableExists(DataSource ds, String schema, String table) throws SQLException {
    return count(
            ds,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            schema,
            table)
        == 1;
  }

  static boolean schemaExists(DataSource ds, String schema) throws SQLException {
    return count(ds, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", schema) == 1;
  }

  /** pg_database is a shared catalog: any database on the server sees every other one. */
  static boolean databaseExists(DataSource ds, String name) throws SQLException {
    return count(ds, "SELECT count(*) FROM pg_database WHERE datname = ?", name) == 1;
  }

  static List<String> userTables(DataSource ds) throws SQLException {
    return strings(
        ds,
        "SELECT table_schema || '.' || table_name FROM information_schema.tables"
            + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
  }

  static List<String> historyVersions(DataSource ds, String schema) throws SQLException {
    return strings(
        ds,
        "SELECT coalesce(version, '<none>') || ':' || type FROM "
            + AdminStatements.quote(schema)
            + ".pgmq_schema_history ORDER BY installed_rank");
  }

  static String currentDatabase(DataSource ds) throws SQLException {
    return strings(ds, "SELECT current_database()").get(0);
  }

  private static long count(DataSource ds, String sql, String... args) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<String> strings(DataSource ds, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
