package io.pgmq.test;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Starts a {@code postgres:17-alpine} container with Testcontainers once per JVM.
 *
 * <p>This class is loaded only when {@code PGMQ_TEST_CONTAINERS=true}, so Testcontainers stays an
 * optional dependency: callers who choose it add {@code org.testcontainers:testcontainers-postgresql}
 * themselves. The container is stopped by a shutdown hook (and by Testcontainers' Ryuk otherwise).
 */
final class ContainerServer {

  static final String IMAGE = "postgres:17-alpine";
  static final String SOURCE = "Testcontainers " + IMAGE + " (" + SharedServer.CONTAINERS_ENV + ")";

  private ContainerServer() {}

  /**
   * Starts the container and returns it as a server.
   *
   * @throws IllegalStateException if Testcontainers is missing or the container cannot start
   */
  static Server start() {
    String fix =
        "Check that Docker runs and that org.testcontainers:testcontainers-postgresql is on the test"
            + " classpath, or unset "
            + SharedServer.CONTAINERS_ENV
            + " to use embedded PostgreSQL 17.";
    PostgreSQLContainer container;
    try {
      container = new PostgreSQLContainer(IMAGE);
      container.start();
    } catch (LinkageError | RuntimeException e) {
      throw new IllegalStateException(
          "pgmq-test: " + SOURCE + " failed to start: " + e + ". " + fix, e);
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(container::stop, "pgmq-test-container-shutdown"));
    return SharedServer.connect(
        SOURCE,
        JdbcUrl.parse(container.getJdbcUrl()),
        container.getUsername(),
        container.getPassword(),
        fix);
  }
}
