package io.pgmq.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh PostgreSQL database created for tests on the JVM's shared test server, migrated by
 * Flyway, and dropped by {@link #close()}.
 *
 * <p>Instances are immutable apart from being closed and are safe to share between threads. No
 * method returns null. Inside JUnit use {@link PgmqTest}; elsewhere use {@link #create}.
 *
 * <p>Transactions: every connection it hands out is new and in autocommit, and nothing is rolled
 * back between tests: what one test commits, the next test of the class sees. Tests that need
 * isolation use their own channels or clean up after themselves.
 */
public final class PgmqDatabase implements AutoCloseable {

  static final String DEFAULT_HISTORY_TABLE = DatabaseSetup.CORE_HISTORY_TABLE;

  private static final Logger LOG = LoggerFactory.getLogger(PgmqDatabase.class);

  private final Server server;
  private final String databaseName;
  private final String schema;
  private final String jdbcUrl;
  private final PGSimpleDataSource dataSource;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PgmqDatabase(Server server, String databaseName, String schema) {
    this.server = server;
    this.databaseName = databaseName;
    this.schema = schema;
    this.jdbcUrl = server.urlFor(databaseName);
    this.dataSource = Server.dataSource(jdbcUrl, server.user(), server.password());
  }

  /**
   * Creates a fresh database on the shared test server and migrates {@code locations} into {@code
   * schema}, with the history table {@code pgmq_schema_history}.
   *
   * <p>Thread-safe. The caller must {@link #close()} the result to drop the database. An empty
   * {@code locations} skips Flyway and only creates {@code schema}.
   *
   * @param schema schema to migrate into, created if missing; 1 to 63 bytes
   * @param locations Flyway locations such as {@code classpath:db/pgmq}; none null
   * @return the migrated database
   * @throws IllegalArgumentException if {@code schema} or a location is invalid
   * @throws IllegalStateException if the server cannot be reached, or creating or migrating the
   *     database fails (the half-made database is dropped)
   */
  public static PgmqDatabase create(String schema, String... locations) {
    return create(
        "db",
        new DatabaseSetup(schema, List.of(locations), DEFAULT_HISTORY_TABLE, List.of()));
  }

  static PgmqDatabase create(String label, DatabaseSetup setup) {
    Server server = SharedServer.get();
    String name = DatabaseName.random(label);
    try (Connection admin = server.connectAdmin()) {
      AdminStatements.createDatabase(admin, name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "pgmq-test: creating database \""
              + name
              + "\" on "
              + server.describe()
              + " failed: "
              + e.getMessage()
              + " (SQLSTATE "
              + e.getSQLState()
              + "); the user needs the CREATEDB privilege",
          e);
    }
    PgmqDatabase db = new PgmqDatabase(server, name, setup.schema());
    try {
      db.migrate(setup);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    LOG.debug("created test database {} ({})", name, setup);
    return db;
  }

  /** Migrates this database; package-private so tests can migrate a schema they filled first. */
  void migrate(List<String> locations, String historyTable) {
    migrate(new DatabaseSetup(schema, locations, historyTable, List.of()));
  }

  private void migrate(DatabaseSetup setup) {
    new Migrator(server, dataSource, databaseName).migrate(setup);
  }

  /**
   * Returns the JDBC URL of this database, without user or password.
   *
   * @return the URL, e.g. {@code jdbc:postgresql://localhost:54321/pgmq_t_sendtest_0a1b2c3d}
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * Returns the user that owns this database.
   *
   * @return the user name, never empty
   */
  public String user() {
    return server.user();
  }

  /**
   * Returns the password of {@link #user()}.
   *
   * @return the password, empty (never null) when the server needs none
   */
  public String password() {
    return server.password();
  }

  /**
   * Returns the name of this database, such as {@code pgmq_t_sendtest_0a1b2c3d}.
   *
   * @return the name, at most 63 bytes
   */
  public String databaseName() {
    return databaseName;
  }

  /**
   * Returns the schema Flyway migrated into.
   *
   * @return the schema name, e.g. {@code public}
   */
  public String schema() {
    return schema;
  }

  /**
   * Returns a data source for this database that opens a new connection on each call, with the
   * server's default {@code search_path}.
   *
   * <p>Thread-safe; connections must be closed by the caller.
   *
   * @return a pgjdbc {@code PGSimpleDataSource}, the same instance each time
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Opens a new autocommit connection to this database; the caller closes it.
   *
   * @return an open connection
   * @throws SQLException if the connection fails, e.g. after {@link #close()}
   */
  public Connection connect() throws SQLException {
    return dataSource.getConnection();
  }

  /**
   * Returns the major version of the PostgreSQL server, such as 17.
   *
   * @return the major version, 13 or higher
   */
  public int serverMajorVersion() {
    return server.majorVersion();
  }

  /**
   * Drops this database, ending any sessions still connected to it; later calls do nothing.
   *
   * <p>Thread-safe and idempotent.
   *
   * @throws IllegalStateException if the server refuses to drop the database
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try (Connection admin = server.connectAdmin()) {
      AdminStatements.dropDatabase(admin, databaseName);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "pgmq-test: dropping test database \""
              + databaseName
              + "\" on "
              + server.describe()
              + " failed: "
              + e.getMessage()
              + " (SQLSTATE "
              + e.getSQLState()
              + "); drop it by hand",
          e);
    }
    LOG.debug("dropped test database {}", databaseName);
  }

  @Override
  public String toString() {
    return "PgmqDatabase[" + databaseName + ", schema " + schema + ", " + jdbcUrl + "]";
  }
}
