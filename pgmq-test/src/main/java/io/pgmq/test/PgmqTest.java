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
 *
 * <p>An application with a channel manifest wants {@code @PgmqTest(application = true, roles =
 * {...})}: its own migrations (pgmq's vendored core and channels among them), and the roles its
 * {@code grants:} name. The database is shared by the tests of the class and nothing is rolled back
 * between them; connections are new and in autocommit (see {@link PgmqDatabase}).
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

  /**
   * Migrates the application's own Flyway stream instead of pgmq's core alone: {@code
   * classpath:db/migration} (Flyway's default location, where pgmq's codegen plugin writes the
   * vendored core and the channel migrations, beside your own) with Flyway's default history table
   * {@code flyway_schema_history}. This is what a test of an application with a channel manifest
   * wants; the plain {@code @PgmqTest} installs only pgmq's core ({@code classpath:db/pgmq}), so the
   * manifest's channels would not exist.
   *
   * <p>Cannot be combined with a non-default {@link #locations()} or {@link #historyTable()}.
   *
   * @return true to migrate {@code classpath:db/migration} into {@code flyway_schema_history}
   */
  boolean application() default false;

  /**
   * Names roles to create (as {@code NOLOGIN} roles, when missing) before migrating: the roles a
   * channel manifest's {@code grants:} name. The generated migrations grant to them and fail with
   * {@code PQ006} when they do not exist, which happens on the embedded server (a fresh cluster)
   * but not on a shared server where someone created them by hand.
   *
   * <p>Roles belong to the whole server, not to the test database: on a shared server they stay after
   * the test (without login and without privileges outside the dropped test database), and the test
   * user needs {@code CREATEROLE}.
   *
   * @return role names of 1 to 63 bytes each, possibly none
   */
  String[] roles() default {};
}
