package io.pgmq.schema;

import static io.pgmq.schema.Sql.quote;
import static io.pgmq.schema.Sql.run;

import io.pgmq.test.PgmqDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Roles for one test class. Roles are cluster-wide, so their names carry the test database's random
 * suffix (unique on a shared server) and {@link #dropAll} removes them, and what they own, at the end.
 */
final class TestRoles {

  private final PgmqDatabase db;
  private final String suffix;
  private final List<String> created = new ArrayList<>();

  TestRoles(PgmqDatabase db) {
    this.db = db;
    String name = db.databaseName();
    this.suffix = name.substring(name.lastIndexOf('_') + 1);
  }

  /** Creates a NOLOGIN role named {@code pgmq_<base>_<suffix>} and returns its name. */
  String create(String base) throws SQLException {
    String role = "pgmq_" + base + "_" + suffix;
    try (Connection c = db.connect()) {
      run(c, "CREATE ROLE " + quote(role) + " NOLOGIN");
    }
    created.add(role);
    return role;
  }

  /** Opens a connection acting as {@code role} (SET ROLE works with any authentication). */
  Connection connectAs(String role) throws SQLException {
    Connection c = db.connect();
    try {
      run(c, "SET ROLE " + quote(role));
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** Drops every role created here, after dropping what they own and were granted in this database. */
  void dropAll() throws SQLException {
    try (Connection c = db.connect()) {
      for (String role : created) {
        run(c, "DROP OWNED BY " + quote(role) + " CASCADE");
        run(c, "DROP ROLE " + quote(role));
      }
    }
    created.clear();
  }
}
