package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

@PgmqTest(schema = "queues", locations = "classpath:db/harnesstest")
class NamedSchemaTest {

  @Test
  void schemaAttribute_createsSchemaAndMigratesIntoIt(PgmqDatabase db) throws SQLException {
    assertThat(Catalog.tableExists(db.dataSource(), "queues", "harness_table")).isTrue();
    assertThat(Catalog.tableExists(db.dataSource(), "public", "harness_table")).isFalse();
  }

  @Test
  void schemaAttribute_putsHistoryTableInSameSchema(PgmqDatabase db) throws SQLException {
    assertThat(Catalog.tableExists(db.dataSource(), "queues", "pgmq_schema_history")).isTrue();
    assertThat(db.schema()).isEqualTo("queues");
  }
}
