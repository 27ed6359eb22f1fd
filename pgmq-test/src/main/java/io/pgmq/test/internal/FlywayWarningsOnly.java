package io.pgmq.test.internal;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flyway logger of pgmq-test's own migrations: passes Flyway's warnings and errors to SLF4J and
 * drops its routine output (a line per migration and the result tables, over a hundred lines per
 * test class). Internal to pgmq-test: Flyway instantiates it by name, which is why it is public; do
 * not use it.
 *
 * <p>Thread-safe and stateless.
 */
public final class FlywayWarningsOnly implements LogCreator {

  /** Creates the log creator; Flyway calls this by reflection. */
  public FlywayWarningsOnly() {}

  /**
   * Returns a log for {@code clazz} that keeps warnings and errors only.
   *
   * @return never null
   */
  @Override
  public Log createLogger(Class<?> clazz) {
    Logger logger = LoggerFactory.getLogger(clazz);
    return new Log() {
      @Override
      public boolean isDebugEnabled() {
        return false;
      }

      @Override
      public void debug(String message) {}

      @Override
      public void info(String message) {}

      @Override
      public void notice(String message) {}

      @Override
      public void warn(String message) {
        logger.warn(message);
      }

      @Override
      public void error(String message) {
        logger.error(message);
      }

      @Override
      public void error(String message, Exception e) {
        logger.error(message, e);
      }
    };
  }
}
