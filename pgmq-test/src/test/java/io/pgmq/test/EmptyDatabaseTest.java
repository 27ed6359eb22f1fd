package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PgmqTest(locations = {})
class EmptyDatabaseTest {

  @Test
  void emptyLocations_leaveDatabaseWithoutTables(DataSource ds) throws SQLException {
    assertThat(Catalog.userTables(ds)).isEmpty();
  }
}
