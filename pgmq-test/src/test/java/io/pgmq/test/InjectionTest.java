package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@PgmqTest(locations = "classpath:db/harnesstest")
class InjectionTest {

  private static String databaseSeenInBeforeAll;

  private final PgmqDatabase constructorDb;
  private final DataSource constructorDataSource;

  InjectionTest(PgmqDatabase db, DataSource dataSource) {
    this.constructorDb = db;
    this.constructorDataSource = dataSource;
  }

  @BeforeAll
  static void rememberDatabase(PgmqDatabase db) {
    databaseSeenInBeforeAll = db.databaseName();
  }

  @Test
  void constructorParameters_receiveTheClassDatabase(PgmqDatabase db) throws SQLException {
    assertThat(constructorDb).isSameAs(db);
    assertThat(Catalog.currentDatabase(constructorDataSource)).isEqualTo(db.databaseName());
  }

  @Test
  void methodDataSource_connectsToTheClassDatabase(PgmqDatabase db, DataSource ds)
      throws SQLException {
    assertThat(ds).isSameAs(db.dataSource());
    try (Connection c = ds.getConnection()) {
      assertThat(c.getCatalog()).isEqualTo(db.databaseName());
    }
  }

  @Test
  void lifecycleMethodParameter_receivesTheClassDatabase(PgmqDatabase db) {
    assertThat(databaseSeenInBeforeAll).isEqualTo(db.databaseName());
  }

  @Test
  void connect_opensConnectionToTheClassDatabase(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      assertThat(c.getCatalog()).isEqualTo(db.databaseName());
    }
  }

  @Nested
  class WhenNested {

    @Test
    void nestedClass_usesTheOuterClassDatabase(PgmqDatabase db) {
      assertThat(db.databaseName()).isEqualTo(constructorDb.databaseName());
    }
  }
}
