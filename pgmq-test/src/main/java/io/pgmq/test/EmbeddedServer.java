package io.pgmq.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;

/**
 * Starts an embedded PostgreSQL 17 (zonky binaries) once per JVM, with its data in a temporary
 * directory, closed by a shutdown hook.
 *
 * <p>When the JVM runs as root, zonky runs initdb and postgres under {@code unshare -U} (PostgreSQL
 * refuses to run as root), so the {@code unshare} command must be available.
 */
final class EmbeddedServer {

  static final String SOURCE = "embedded PostgreSQL 17";
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private EmbeddedServer() {}

  /**
   * Starts the embedded server and returns it.
   *
   * @throws IllegalStateException if it cannot start, saying what to do instead
   */
  static Server start() {
    String fix =
        "Embedded PostgreSQL needs a writable java.io.tmpdir ("
            + System.getProperty("java.io.tmpdir")
            + ") and, as root, the 'unshare' command; or set "
            + SharedServer.URL_ENV
            + " to a PostgreSQL 13+ server you run, or "
            + SharedServer.CONTAINERS_ENV
            + "=true to use Docker.";
    EmbeddedPostgres pg;
    try {
      pg =
          EmbeddedPostgres.builder()
              .setPGStartupWait(STARTUP_WAIT)
              .setCleanDataDirectory(true)
              .setRegisterShutdownHook(true)
              // initdb's and pg_ctl's progress lines (about a hundred per start) are not news
              .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "pgmq-test: " + SOURCE + " failed to start: " + e.getMessage() + ". " + fix, e);
    }
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
    return SharedServer.connect(SOURCE, url, "postgres", "", fix);
  }
}
