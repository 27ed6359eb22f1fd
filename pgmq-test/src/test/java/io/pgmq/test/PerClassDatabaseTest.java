package io.pgmq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs two sample classes through the Jupiter engine and checks, from outside, that each got its
 * own database and that the extension dropped both afterwards.
 */
class PerClassDatabaseTest {

  /** Names seen by the samples, in the order they ran. */
  static final List<String> SEEN = new CopyOnWriteArrayList<>();

  @Test
  void eachTestClass_getsItsOwnDatabase_droppedAfterTheClass() throws SQLException {
    SEEN.clear();

    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(SampleA.class), selectClass(SampleB.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));

    assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
    assertThat(SEEN.get(0)).startsWith("pgmq_t_samplea_");
    assertThat(SEEN.get(1)).startsWith("pgmq_t_sampleb_");
    try (PgmqDatabase observer = PgmqDatabase.create("public")) {
      for (String name : SEEN) {
        assertThat(Catalog.databaseExists(observer.dataSource(), name)).as(name).isFalse();
      }
    }
  }

  // Surefire skips nested classes (its default excludes **/*$*); only the test kit runs these.
  @PgmqTest(locations = "classpath:db/harnesstest")
  static class SampleA {
    @Test
    void recordsDatabase(PgmqDatabase db) {
      SEEN.add(db.databaseName());
    }
  }

  @PgmqTest(locations = "classpath:db/harnesstest")
  static class SampleB {
    @Test
    void recordsDatabase(PgmqDatabase db) {
      SEEN.add(db.databaseName());
    }
  }
}
