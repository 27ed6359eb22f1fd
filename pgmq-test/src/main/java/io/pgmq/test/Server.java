package io.pgmq.test;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server on which test databases may be created, reached through an administrative
 * database such as {@code postgres}.
 *
 * @param source how the server was chosen, e.g. {@code "PGMQ_TEST_JDBC_URL"}, for messages
 * @param adminUrl URL of the administrative database
 * @param user user that may create and drop databases
 * @param password password of {@code user}, empty when none
 * @param majorVersion major version reported by the server, e.g. 17
 */
record Server(String source, JdbcUrl adminUrl, String user, String password, int majorVersion) {

  /** DROP DATABASE ... WITH (FORCE) exists since PostgreSQL 13. */
  static final int MIN_MAJOR_VERSION = 13;

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  /** Returns the URL of database {@code database} on this server, keeping query parameters. */
  String urlFor(String database) {
    return adminUrl.withDatabase(database);
  }

  /** Opens an autocommit connection to the administrative database. */
  Connection connectAdmin() throws SQLException {
    return dataSource(adminUrl.withDatabase(adminUrl.database()), user, password).getConnection();
  }

  /** Describes the server for messages and logs, without its password. */
  String describe() {
    return source + " (" + adminUrl.redacted() + ", user " + user + ")";
  }

  /** Returns a pgjdbc data source for {@code url}; parameters in the URL win over our defaults. */
  static PGSimpleDataSource dataSource(String url, String user, String password) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    // every wait has a deadline: pgjdbc's default connect timeout is 10 s, login has none
    ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    ds.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
    ds.setURL(url);
    ds.setUser(user);
    ds.setPassword(password);
    return ds;
  }
}
