package io.pgmq.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and starts the one PostgreSQL server this JVM's tests use, on first demand.
 *
 * <p>In order: {@code PGMQ_TEST_JDBC_URL} (or {@code -Dpgmq.test.jdbcUrl}), Testcontainers when
 * {@code PGMQ_TEST_CONTAINERS=true} (or {@code -Dpgmq.test.containers=true}), else embedded
 * PostgreSQL 17. A failure is remembered so that later test classes fail fast with the same message.
 */
final class SharedServer {

  static final String URL_ENV = "PGMQ_TEST_JDBC_URL";
  static final String URL_PROPERTY = "pgmq.test.jdbcUrl";
  static final String USER_ENV = "PGMQ_TEST_USER";
  static final String PASSWORD_ENV = "PGMQ_TEST_PASSWORD";
  static final String CONTAINERS_ENV = "PGMQ_TEST_CONTAINERS";
  static final String CONTAINERS_PROPERTY = "pgmq.test.containers";

  private static final Logger LOG = LoggerFactory.getLogger(SharedServer.class);

  private static Server server;
  private static IllegalStateException failure;

  private SharedServer() {}

  /**
   * Returns the server, starting or connecting to it on the first call.
   *
   * @throws IllegalStateException if the server cannot be reached, naming the source and a fix
   */
  static synchronized Server get() {
    if (server != null) {
      return server;
    }
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure);
    }
    try {
      server = choose();
      return server;
    } catch (IllegalStateException e) {
      failure = e;
      throw e;
    }
  }

  private static Server choose() {
    Optional<String> url = setting(URL_PROPERTY, URL_ENV);
    if (url.isPresent()) {
      return configured(url.get());
    }
    boolean containers =
        setting(CONTAINERS_PROPERTY, CONTAINERS_ENV)
            .map(v -> v.trim().toLowerCase(Locale.ROOT).equals("true"))
            .orElse(false);
    if (containers) {
      try {
        return ContainerServer.start();
      } catch (LinkageError e) {
        // ContainerServer itself fails to link when Testcontainers is not on the classpath
        throw new IllegalStateException(
            "pgmq-test: "
                + CONTAINERS_ENV
                + "=true but Testcontainers is missing ("
                + e
                + "). Add org.testcontainers:testcontainers-postgresql to your test dependencies,"
                + " or unset "
                + CONTAINERS_ENV
                + " to use embedded PostgreSQL 17.",
            e);
      }
    }
    return EmbeddedServer.start();
  }

  private static Server configured(String rawUrl) {
    String source = URL_ENV + " / -D" + URL_PROPERTY;
    JdbcUrl url;
    try {
      url = JdbcUrl.parse(rawUrl.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(source + ": " + e.getMessage(), e);
    }
    String user =
        Optional.ofNullable(System.getenv(USER_ENV))
            .filter(s -> !s.isEmpty())
            .or(() -> url.parameter("user"))
            .orElse("postgres");
    String password =
        Optional.ofNullable(System.getenv(PASSWORD_ENV))
            .or(() -> url.parameter("password"))
            .orElse("");
    String fix =
        "Check that the server runs and that user \""
            + user
            + "\" may log in and create databases (set "
            + USER_ENV
            + "/"
            + PASSWORD_ENV
            + "), or unset "
            + URL_ENV
            + " to use embedded PostgreSQL 17.";
    return connect(source, url, user, password, fix);
  }

  /**
   * Connects to a started server's administrative database, reads its version and logs it.
   *
   * @throws IllegalStateException naming {@code source}, the URL and {@code fix} if that fails
   */
  static Server connect(String source, JdbcUrl url, String user, String password, String fix) {
    Server candidate = new Server(source, url, user, password, 0);
    int major;
    String version;
    try (Connection c = candidate.connectAdmin()) {
      major = c.getMetaData().getDatabaseMajorVersion();
      version = c.getMetaData().getDatabaseProductVersion();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "pgmq-test: cannot connect to the PostgreSQL server from "
              + candidate.describe()
              + ": "
              + e.getMessage()
              + " (SQLSTATE "
              + e.getSQLState()
              + "). "
              + fix,
          e);
    }
    if (major < Server.MIN_MAJOR_VERSION) {
      throw new IllegalStateException(
          "pgmq-test: the PostgreSQL server from "
              + candidate.describe()
              + " is version "
              + version
              + ", expected "
              + Server.MIN_MAJOR_VERSION
              + " or newer. "
              + fix);
    }
    LOG.info("pgmq-test uses PostgreSQL {} from {}", version, candidate.describe());
    return new Server(source, url, user, password, major);
  }

  private static Optional<String> setting(String property, String env) {
    return Optional.ofNullable(System.getProperty(property))
        .or(() -> Optional.ofNullable(System.getenv(env)))
        .filter(s -> !s.isBlank());
  }
}
