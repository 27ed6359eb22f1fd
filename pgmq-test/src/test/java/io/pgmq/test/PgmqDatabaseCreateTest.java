package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PgmqDatabase#create} without the extension; an observer database watches pg_database. */
class PgmqDatabaseCreateTest {

  private PgmqDatabase observer;

  @BeforeEach
  void openObserver() {
    observer = PgmqDatabase.create("public");
  }

  @AfterEach
  void closeObserver() {
    observer.close();
  }

  @Test
  void close_dropsTheDatabase() throws SQLException {
    PgmqDatabase db = PgmqDatabase.create("public", "classpath:db/harnesstest");
    assertThat(Catalog.databaseExists(observer.dataSource(), db.databaseName())).isTrue();

    db.close();

    assertThat(Catalog.databaseExists(observer.dataSource(), db.databaseName())).isFalse();
  }

  @Test
  void close_dropsDatabaseEvenWithOpenConnection() throws SQLException {
    PgmqDatabase db = PgmqDatabase.create("public");
    try (Connection open = db.connect()) {
      db.close();
    } catch (SQLException expected) {
      // the forced drop may kill the connection before try-with-resources closes it
    }
    assertThat(Catalog.databaseExists(observer.dataSource(), db.databaseName())).isFalse();
  }

  @Test
  void close_isIdempotent() {
    PgmqDatabase db = PgmqDatabase.create("public");
    db.close();
    db.close();
  }

  @Test
  void create_twice_givesDifferentDatabases() {
    try (PgmqDatabase a = PgmqDatabase.create("public");
        PgmqDatabase b = PgmqDatabase.create("public")) {
      assertThat(a.databaseName()).isNotEqualTo(b.databaseName());
      assertThat(a.databaseName()).matches("pgmq_t_db_[0-9a-f]{8}");
    }
  }

  @Test
  void migrate_baselinesNonEmptySchemaAndStillRunsV1() throws SQLException {
    try (PgmqDatabase db = PgmqDatabase.create("public")) {
      try (Connection c = db.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE pre_existing (id int)");
      }

      db.migrate(List.of("classpath:db/harnesstest"), "pgmq_schema_history");

      assertThat(Catalog.tableExists(db.dataSource(), "public", "harness_table")).isTrue();
      assertThat(Catalog.historyVersions(db.dataSource(), "public"))
          .containsExactly("0:BASELINE", "1:SQL");
    }
  }

  @Test
  void create_withEmptyLocations_createsRequestedSchemaOnly() throws SQLException {
    try (PgmqDatabase db = PgmqDatabase.create("queues")) {
      assertThat(Catalog.schemaExists(db.dataSource(), "queues")).isTrue();
      assertThat(Catalog.userTables(db.dataSource())).isEmpty();
    }
  }

  @Test
  void create_withMissingMigrationSql_failsAndDropsTheDatabase() {
    assertThatThrownBy(() -> PgmqDatabase.create("public", "classpath:db/brokenharness"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("migrating test database")
        .hasMessageContaining("classpath:db/brokenharness");
  }

  @Test
  void create_withTooLongSchema_namesTheParameter() {
    assertThatThrownBy(() -> PgmqDatabase.create("s".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schema must be 1..63 bytes");
  }
}
