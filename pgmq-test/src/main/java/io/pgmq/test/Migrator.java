package io.pgmq.test;

import io.pgmq.test.internal.FlywayWarningsOnly;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a fresh test database to its {@link DatabaseSetup}: creates the roles it names, then runs
 * Flyway quietly (warnings and errors only), translating failures into messages that say what to
 * change in the test.
 */
final class Migrator {

  /** pg_mq_check_role's message: {@code channel "x": role nc2_shop does not exist}. */
  private static final Pattern MISSING_ROLE = Pattern.compile("role (\\S+) does not exist");

  private final Server server;
  private final DataSource dataSource;
  private final String databaseName;

  Migrator(Server server, DataSource dataSource, String databaseName) {
    this.server = server;
    this.dataSource = dataSource;
    this.databaseName = databaseName;
  }

  void migrate(DatabaseSetup setup) {
    createRoles(setup);
    if (setup.locations().isEmpty()) {
      try (Connection c = dataSource.getConnection()) {
        AdminStatements.createSchema(c, setup.schema());
      } catch (SQLException e) {
        throw new IllegalStateException(
            "pgmq-test: creating schema \"" + setup.schema() + "\" in database \"" + databaseName
                + "\" failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")",
            e);
      }
      return;
    }
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .loggers(FlywayWarningsOnly.class.getName())
          .schemas(setup.schema())
          .defaultSchema(setup.schema())
          .createSchemas(true)
          .table(setup.historyTable())
          .locations(setup.locations().toArray(String[]::new))
          // a schema that already holds objects (e.g. public with an extension) is baselined at 0
          // so that V1 and later still run
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new IllegalStateException(
          "pgmq-test: migrating test database \"" + databaseName + "\" (schema \""
              + setup.schema() + "\") from " + setup.locations() + " failed: " + e.getMessage()
              + ". " + fix(e),
          e);
    }
  }

  private void createRoles(DatabaseSetup setup) {
    if (setup.roles().isEmpty()) {
      return;
    }
    try (Connection admin = server.connectAdmin()) {
      for (String role : setup.roles()) {
        AdminStatements.createRoleIfMissing(admin, role);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "pgmq-test: creating roles " + setup.roles() + " on " + server.describe() + " failed: "
              + e.getMessage() + " (SQLSTATE " + e.getSQLState()
              + "); the user needs the CREATEROLE privilege, or create the roles on the server",
          e);
    }
  }

  private static String fix(FlywayException e) {
    Matcher role = MISSING_ROLE.matcher(String.valueOf(e.getMessage()));
    if (sqlState(e).equals("PQ006") && role.find()) {
      return "The migrations grant to role " + role.group(1) + " (a channel manifest's grants:),"
          + " which this server does not have: add roles = {\"" + role.group(1).replace("\"", "")
          + "\"} to @PgmqTest to create it for the test, or create it on the server.";
    }
    return "Check that the locations are on the test classpath and their SQL is valid.";
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return "";
  }
}
