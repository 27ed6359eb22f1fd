package io.pgmq.test;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension behind {@link PgmqTest}: one fresh, Flyway-migrated database per test class,
 * dropped after the class, injected as {@link PgmqDatabase} or {@link DataSource} parameters.
 *
 * <p>The server is chosen once per JVM: {@code PGMQ_TEST_JDBC_URL} (or {@code
 * -Dpgmq.test.jdbcUrl}) with {@code PGMQ_TEST_USER}/{@code PGMQ_TEST_PASSWORD}; else Testcontainers
 * when {@code PGMQ_TEST_CONTAINERS=true}; else embedded PostgreSQL 17. {@code @Nested} classes use
 * the database of their outermost annotated class. JUnit creates one instance per registration;
 * instances keep no state of their own, all state lives in the {@link ExtensionContext} store.
 * Thread-safe as far as JUnit needs: it requires JUnit's parallel execution to be disabled.
 */
public final class PgmqDatabaseExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PgmqDatabaseExtension.class);
  private static final String KEY = "database";
  private static final Logger LOG = LoggerFactory.getLogger(PgmqDatabaseExtension.class);

  /** Creates the extension; JUnit calls this through {@link PgmqTest}'s {@code @ExtendWith}. */
  public PgmqDatabaseExtension() {}

  /**
   * Creates and migrates the class's database, unless an enclosing class already has one.
   *
   * @throws IllegalStateException if the server cannot be reached or the migration fails
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    database(context);
  }

  /**
   * Drops the database if {@code context} is the class that created it.
   *
   * @throws IllegalStateException if the server refuses to drop it
   */
  @Override
  public void afterAll(ExtensionContext context) {
    ExtensionContext owner = owner(context);
    if (owner != context) {
      return;
    }
    PgmqDatabase db = owner.getStore(NAMESPACE).remove(KEY, PgmqDatabase.class);
    if (db != null) {
      db.close();
    }
  }

  /**
   * Tells whether the parameter is declared as {@link PgmqDatabase} or {@link DataSource}.
   *
   * @return true for those two types
   */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == PgmqDatabase.class || type == DataSource.class;
  }

  /**
   * Returns the class's database, or its data source, creating the database first if the test
   * instance is constructed before {@link #beforeAll} (per-class lifecycle).
   *
   * @return never null
   * @throws IllegalStateException if the database cannot be created
   */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    PgmqDatabase db = database(context);
    return parameterContext.getParameter().getType() == DataSource.class ? db.dataSource() : db;
  }

  private static PgmqDatabase database(ExtensionContext context) {
    ExtensionContext owner = owner(context);
    ExtensionContext.Store store = owner.getStore(NAMESPACE);
    PgmqDatabase existing = store.get(KEY, PgmqDatabase.class);
    if (existing != null) {
      return existing;
    }
    Class<?> testClass = owner.getRequiredTestClass();
    DatabaseSetup setup = DatabaseSetup.of(testClass, testClass.getAnnotation(PgmqTest.class));
    if (setup.coreOnly() && ApplicationMigrations.ON_CLASSPATH) {
      LOG.warn(
          "pgmq-test: {} migrates only pgmq's core (classpath:db/pgmq), but the test classpath holds"
              + " an application's pgmq migrations (db/migration/pgmq, written by pgmq's codegen plugin),"
              + " so the manifest's channels will not exist; use @PgmqTest(application = true)",
          testClass.getName());
    }
    PgmqDatabase created = PgmqDatabase.create(testClass.getSimpleName(), setup);
    store.put(KEY, created);
    return created;
  }

  /**
   * Finds the class-level context that owns the database: the outermost enclosing class annotated
   * with {@link PgmqTest}, or the outermost class if none is (extension registered directly).
   */
  private static ExtensionContext owner(ExtensionContext context) {
    ExtensionContext outermostClass = null;
    ExtensionContext outermostAnnotated = null;
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      if (c.getTestClass().isEmpty() || c.getTestMethod().isPresent()) {
        continue; // the engine root, or a method/template level
      }
      outermostClass = c;
      if (c.getRequiredTestClass().isAnnotationPresent(PgmqTest.class)) {
        outermostAnnotated = c;
      }
    }
    ExtensionContext owner = outermostAnnotated != null ? outermostAnnotated : outermostClass;
    if (owner == null) {
      throw new IllegalStateException(
          "pgmq-test: no test class in context " + context.getUniqueId()
              + "; use @PgmqTest on a test class");
    }
    return owner;
  }

  /** Whether the codegen plugin's output directory is on the test classpath, looked up once. */
  private static final class ApplicationMigrations {
    static final boolean ON_CLASSPATH =
        PgmqDatabaseExtension.class.getClassLoader().getResource("db/migration/pgmq") != null;
  }
}
