package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * V10 (issue 14, F5): pgmq serialises its own work on rows PUBLIC cannot lock, so a role without grants holding the
 * advisory locks pgmq took before V10 (their keys were text hashes anyone could compute) blocks nothing.
 */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutsiderLocksTest {

  private static final String PERMISSION_DENIED = "42501";

  private TestRoles roles;
  private String outsider;

  @BeforeAll
  void createRoles(PgmqDatabase db) throws SQLException {
    roles = new TestRoles(db);
    outsider = roles.create("ol_no_grants");
  }

  @AfterAll
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  /** The lock-out: create, drop and a when_idle registration's commit waited for the outsider for ever. */
  @Test
  void oldAdvisoryLockKeys_heldByARoleWithoutGrants_blockNoCreateDropOrRegistration(PgmqDatabase db)
      throws SQLException {
    try (Connection blocker = roles.connectAs(outsider);
        Connection admin = db.connect();
        Connection listener = db.connect()) {
      run(blocker, "SELECT pg_advisory_lock(hashtext('public.pg_mq_send_message')),"
          + " pg_advisory_lock(hashtext('public.pg_mq_wake_ol_idle'))");
      // a wait for a lock fails after 2 s instead of hanging: the test then fails on the SQL error
      run(admin, "SET lock_timeout = '2s'");
      run(listener, "SET lock_timeout = '2s'");

      createQueue(admin, "ol_idle", "text");
      exec(admin, "SELECT pg_mq_set_notify_mode('ol_idle', 'when_idle')");
      assertThat(value(listener, Boolean.class, "SELECT pg_mq_register_idle('ol_idle')")).isTrue();
      createQueue(admin, "ol_short_lived", "text");
      exec(admin, "SELECT pg_mq_drop_queue('ol_short_lived')");

      assertThat(value(admin, Long.class, "SELECT pg_sequence_last_value('pg_mq_wake_ol_idle')")).isEqualTo(1);
      run(blocker, "SELECT pg_advisory_unlock_all()");
    }
  }

  @Test
  void roleWithoutGrants_cannotLockTheRowsPgmqSerialisesOn(PgmqDatabase db) throws SQLException {
    try (Connection admin = db.connect();
        Connection c = roles.connectAs(outsider)) {
      createQueue(admin, "ol_rows", "text");

      assertThat(sqlError(() -> run(c, "SELECT 1 FROM pg_mq_locks FOR UPDATE")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
      for (String mode : new String[] {"UPDATE", "NO KEY UPDATE", "SHARE", "KEY SHARE"}) {
        assertThat(sqlError(() -> run(c, "SELECT 1 FROM pg_mq_config_catalog FOR " + mode)).getSQLState())
            .as("FOR %s", mode).isEqualTo(PERMISSION_DENIED);
      }
      c.setAutoCommit(false);
      assertThat(sqlError(() -> run(c, "LOCK TABLE pg_mq_config_catalog IN ROW SHARE MODE")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
      c.rollback();
    }
  }
}
