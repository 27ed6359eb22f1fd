package io.pgmq.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The administrative SQL of the harness: creating and dropping databases and schemas. */
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

  /** Quotes an identifier the way {@code quote_ident} does: wrapped in and doubling {@code "}. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
