package io.pgmq.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The administrative SQL of the harness: creating and dropping databases, schemas and roles. */
final class AdminStatements {

  private AdminStatements() {}

  /** Runs {@code CREATE DATABASE "<name>"} (DDL cannot take bind parameters, so the name is quoted). */
  static void createDatabase(Connection admin, String name) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + quote(name));
    }
  }

  /** Runs {@code DROP DATABASE IF EXISTS "<name>" WITH (FORCE)}, ending its open sessions. */
  static void dropDatabase(Connection admin, String name) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
    }
  }

  /** Runs {@code CREATE SCHEMA IF NOT EXISTS "<name>"}. */
  static void createSchema(Connection db, String name) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + quote(name));
    }
  }

  /**
   * Runs {@code CREATE ROLE "<name>" NOLOGIN} unless the role exists; a concurrent creation of the
   * same role by another JVM is not an error.
   */
  static void createRoleIfMissing(Connection admin, String name) throws SQLException {
    try (var check = admin.prepareStatement("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?")) {
      check.setString(1, name);
      try (var rs = check.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (Statement st = admin.createStatement()) {
      st.execute("CREATE ROLE " + quote(name) + " NOLOGIN");
    } catch (SQLException e) {
      if (!"42710".equals(e.getSQLState())) { // duplicate_object: created meanwhile
        throw e;
      }
    }
  }

  /** Quotes an identifier the way {@code quote_ident} does: wrapped in and doubling {@code "}. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
