package io.pgmq.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class its own fresh PostgreSQL database, migrated by Flyway before the
 * first test and dropped after the last one.
 *
 * <p>The database is reachable by declaring a {@link PgmqDatabase} or {@link javax.sql.DataSource}
 * parameter on the constructor, a lifecycle method or a test method. {@code @Nested} classes share
 * the database of their outermost annotated class. The server is chosen once per JVM: see {@link
 * PgmqDatabaseExtension}. Requires JUnit's parallel execution to be disabled (the default).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PgmqDatabaseExtension.class)
public @interface PgmqTest {

  /**
   * Names the schema Flyway migrates into (its {@code defaultSchema} and {@code schemas}); the schema
   * is created if missing.
   *
   * @return a schema name of 1 to 63 bytes, never empty
   */
  String schema() default "public";

  /**
   * Lists the Flyway locations to migrate from, such as {@code classpath:db/pgmq}; an empty array
   * skips Flyway and leaves the database empty apart from {@link #schema()}.
   *
   * @return the locations, possibly empty, never containing null
   */
  String[] locations() default {"classpath:db/pgmq"};

  /**
   * Names Flyway's schema history table, created inside {@link #schema()}.
   *
   * @return a table name, never empty
   */
  String historyTable() default "pgmq_schema_history";
}
