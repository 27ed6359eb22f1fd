package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code application = true} migrates Flyway's default location into Flyway's default history table. */
@PgmqTest(application = true)
class ApplicationMigrationsTest {

  @Test
  void application_migratesDbMigrationIntoFlywaysHistoryTable(DataSource ds) throws SQLException {
    assertThat(Catalog.userTables(ds)).contains("public.application_orders", "public.flyway_schema_history");
  }

  @Test
  void application_withOwnLocations_isRefusedNamingTheConflict() {
    @PgmqTest(application = true, locations = "classpath:db/harnesstest")
    class Conflicting {}

    assertThatThrownBy(
            () -> DatabaseSetup.of(Conflicting.class, Conflicting.class.getAnnotation(PgmqTest.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("application = true")
        .hasMessageContaining("cannot be combined with locations or historyTable");
  }
}
