package io.pgmq.schema;

import static io.pgmq.schema.Listening.ARRIVES_WITHIN_MS;
import static io.pgmq.schema.Listening.awaitBackendGone;
import static io.pgmq.schema.Listening.notifications;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import org.postgresql.PGNotification;

/**
 * V10 (issue 14, F4): a when_idle channel's idle count cannot be driven down by another role or by a rolled-back
 * transaction, so live registered consumers keep getting their NOTIFY.
 */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleCountTrustTest {

  private static final String PERMISSION_DENIED = "42501";

  private TestRoles roles;
  private String outsider;

  @BeforeAll
  void createRoles(PgmqDatabase db) throws SQLException {
    roles = new TestRoles(db);
    outsider = roles.create("ic_usage_only");
  }

  @AfterAll
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  /** The attack, repeated, by a role with nothing but USAGE on the schema (every role, in public). */
  @Test
  void staleRowDeletionRolledBackInRepeatableRead_byAnyRole_leavesLiveConsumersWoken(PgmqDatabase db)
      throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect();
        Connection attacker = roles.connectAs(outsider)) {
      whenIdleChannel(sender, "ic_attack");
      register(listener, "ic_attack");
      registerStale(db, sender, "ic_attack");  // after: a registration cleans up the ended backends' rows

      for (int i = 0; i < 3; i++) {
        attacker.setAutoCommit(false);
        run(attacker, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        catchThrowable(() -> {
          run(attacker, "DELETE FROM pg_mq_idle_consumers WHERE channel = 'ic_attack'"
              + " AND NOT pg_mq_backend_alive(backend_pid)");
          run(attacker, "SET CONSTRAINTS ALL IMMEDIATE");
        });
        attacker.rollback();
      }
      long msgId = sendText(sender, "ic_attack", "heard");

      assertThat(wakeCount(sender, "ic_attack")).isPositive();
      assertThat(notifications(listener, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
    }
  }

  @Test
  void roleWithUsageOnly_cannotDeleteRegistrations(PgmqDatabase db) throws SQLException {
    try (Connection admin = db.connect();
        Connection attacker = roles.connectAs(outsider)) {
      whenIdleChannel(admin, "ic_delete");
      registerStale(db, admin, "ic_delete");

      assertThat(sqlError(() -> run(attacker, "DELETE FROM pg_mq_idle_consumers WHERE channel = 'ic_delete'"))
          .getSQLState()).isEqualTo(PERMISSION_DENIED);
      assertThat(value(admin, Long.class, "SELECT count(*) FROM pg_mq_idle_consumers WHERE channel = 'ic_delete'"))
          .isEqualTo(1);
    }
  }

  /** Another session's rolled-back unregistration, forced through its count trigger, cannot uncount this one. */
  @Test
  void unregistrationRolledBackAfterItsTriggerRan_repeatedInRepeatableRead_leavesOtherSessionsCounted(
      PgmqDatabase db) throws SQLException {
    try (Connection staying = db.connect();
        Connection leaving = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "ic_rollback");
      register(staying, "ic_rollback");
      register(leaving, "ic_rollback");

      for (int i = 0; i < 3; i++) {
        leaving.setAutoCommit(false);
        run(leaving, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        exec(leaving, "SELECT pg_mq_unregister_idle('ic_rollback')");
        run(leaving, "SET CONSTRAINTS ALL IMMEDIATE");
        leaving.rollback();
      }
      leaving.setAutoCommit(true);
      long msgId = sendText(sender, "ic_rollback", "heard");

      assertThat(wakeCount(sender, "ic_rollback")).isPositive();
      assertThat(notifications(staying, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).contains(Long.toString(msgId));
    }
  }

  /** A session can uncount only itself that way, and its next registration counts it again. */
  @Test
  void registerIdle_whenAlreadyRegistered_recountsAfterItsOwnRolledBackUnregistration(PgmqDatabase db)
      throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "ic_recount");
      register(listener, "ic_recount");
      listener.setAutoCommit(false);
      exec(listener, "SELECT pg_mq_unregister_idle('ic_recount')");
      run(listener, "SET CONSTRAINTS ALL IMMEDIATE");
      listener.rollback();
      listener.setAutoCommit(true);
      assertThat(wakeCount(sender, "ic_recount")).as("uncounted by its own rollback").isZero();

      assertThat(value(listener, Boolean.class, "SELECT pg_mq_register_idle('ic_recount')")).isFalse();

      assertThat(wakeCount(sender, "ic_recount")).isEqualTo(1);
      long msgId = sendText(sender, "ic_recount", "heard");
      assertThat(notifications(listener, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
    }
  }

  @Test
  void idleTidy_bySessionNotRegistered_raises42501(PgmqDatabase db) throws SQLException {
    try (Connection admin = db.connect();
        Connection attacker = roles.connectAs(outsider)) {
      whenIdleChannel(admin, "ic_tidy");
      registerStale(db, admin, "ic_tidy");

      assertThat(sqlError(() -> exec(attacker, "SELECT pg_mq_idle_tidy('ic_tidy')")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
      assertThat(value(admin, Long.class, "SELECT count(*) FROM pg_mq_idle_consumers WHERE channel = 'ic_tidy'"))
          .isEqualTo(1);
    }
  }

  @Test
  void unregisterIdle_byAnyRole_removesOnlyItsOwnSession(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection other = roles.connectAs(outsider)) {
      whenIdleChannel(listener, "ic_own");
      register(listener, "ic_own");

      assertThat(value(other, Boolean.class, "SELECT pg_mq_unregister_idle('ic_own')")).isFalse();

      assertThat(wakeCount(listener, "ic_own")).isEqualTo(1);
    }
  }

  /** A registration of a backend that ended: registered on a session that is then closed. */
  private static void registerStale(PgmqDatabase db, Connection observer, String channel) throws SQLException {
    int gone;
    try (Connection ended = db.connect()) {
      register(ended, channel);
      gone = value(ended, Integer.class, "SELECT pg_backend_pid()");
    }
    awaitBackendGone(observer, gone);
  }

  private static void whenIdleChannel(Connection c, String channel) throws SQLException {
    createQueue(c, channel, "text");
    exec(c, "SELECT pg_mq_set_notify_mode(?, 'when_idle')", channel);
  }

  private static void register(Connection listener, String channel) throws SQLException {
    run(listener, "LISTEN " + Sql.quote(channel));
    assertThat(value(listener, Boolean.class, "SELECT pg_mq_register_idle(?)", channel)).isTrue();
  }

  private static long wakeCount(Connection c, String channel) throws SQLException {
    return value(c, Long.class, "SELECT pg_sequence_last_value(?::regclass)", "pg_mq_wake_" + channel);
  }
}
