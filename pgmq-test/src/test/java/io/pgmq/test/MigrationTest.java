package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

@PgmqTest(locations = "classpath:db/harnesstest")
class MigrationTest {

  @Test
  void migration_createsTableInPublicSchema(PgmqDatabase db) throws SQLException {
    assertThat(Catalog.tableExists(db.dataSource(), "public", "harness_table")).isTrue();
  }

  @Test
  void migration_recordsVersionInPgmqSchemaHistory(PgmqDatabase db) throws SQLException {
    assertThat(Catalog.historyVersions(db.dataSource(), "public")).containsExactly("1:SQL");
  }

  @Test
  void database_isNamedAfterTestClassAndFitsIn63Bytes(PgmqDatabase db) throws SQLException {
    assertThat(db.databaseName()).matches("pgmq_t_migrationtest_[0-9a-f]{8}");
    assertThat(Catalog.currentDatabase(db.dataSource())).isEqualTo(db.databaseName());
  }

  @Test
  void database_reportsUrlUserAndServerVersion(PgmqDatabase db) {
    assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://").contains("/" + db.databaseName());
    assertThat(db.user()).isNotEmpty();
    assertThat(db.password()).isNotNull();
    assertThat(db.schema()).isEqualTo("public");
    assertThat(db.serverMajorVersion()).isGreaterThanOrEqualTo(13);
  }
}
