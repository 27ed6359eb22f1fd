package io.pgmq.schema;

import static io.pgmq.schema.Listening.ARRIVES_WITHIN_MS;
import static io.pgmq.schema.Listening.QUIET_FOR_MS;
import static io.pgmq.schema.Listening.awaitBackendGone;
import static io.pgmq.schema.Listening.notifications;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGNotification;

/**
 * V7: a when_idle channel's trigger calls its function only while its idle count, the sequence pg_mq_wake_channel,
 * is above 0, and that count follows the channel's registrations.
 */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdleWakeGateTest {

  private TestRoles roles;

  @BeforeAll
  void createRoles(PgmqDatabase db) {
    roles = new TestRoles(db);
  }

  @AfterAll
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  @Test
  void whenIdle_withNobodyRegistered_sendsDoNotCallTheTriggerFunction(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      whenIdleChannel(c, "iw_busy");

      assertThat(triggerCalls(c, "SELECT pg_mq_send_message('iw_busy', 'unheard'::text)")).isZero();
      assertThat(triggerCalls(c, "INSERT INTO pg_mq_queue_iw_busy (payload) VALUES ('unheard')")).isZero();
      assertThat(wakeCount(c, "iw_busy")).isZero();
    }
  }

  @Test
  void whenIdle_plainInsertWithAConsumerRegistered_callsTheTriggerFunctionAndNotifies(PgmqDatabase db)
      throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "iw_idle");
      register(listener, "iw_idle");

      long calls = triggerCalls(sender, "INSERT INTO pg_mq_queue_iw_idle (payload) VALUES ('heard')");

      assertThat(calls).isEqualTo(1);
      assertThat(notifications(listener, ARRIVES_WITHIN_MS)).hasSize(1);
      assertThat(wakeCount(sender, "iw_idle")).isEqualTo(1);
    }
  }

  @Test
  void whenIdle_afterTheOnlyRegistrationIsTakenBack_sendsDoNotCallTheTriggerFunction(PgmqDatabase db)
      throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "iw_unreg");
      register(listener, "iw_unreg");

      assertThat(value(listener, Boolean.class, "SELECT pg_mq_unregister_idle('iw_unreg')")).isTrue();

      assertThat(wakeCount(sender, "iw_unreg")).isZero();
      assertThat(triggerCalls(sender, "INSERT INTO pg_mq_queue_iw_unreg (payload) VALUES ('unheard')")).isZero();
      assertThat(notifications(listener, QUIET_FOR_MS)).isEmpty();
    }
  }

  @Test
  void whenIdle_twoRegisteredAndOneUnregisters_sendsStillNotifyTheOther(PgmqDatabase db) throws SQLException {
    try (Connection staying = db.connect();
        Connection leaving = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "iw_two");
      register(staying, "iw_two");
      register(leaving, "iw_two");

      exec(leaving, "SELECT pg_mq_unregister_idle('iw_two')");
      long msgId = sendText(sender, "iw_two", "heard");

      assertThat(wakeCount(sender, "iw_two")).isEqualTo(1);
      assertThat(notifications(staying, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
    }
  }

  @Test
  void whenIdle_registrationOfAGoneBackend_leavesTheCountWithTheNextRegistration(PgmqDatabase db)
      throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "iw_stale");
      int gone;
      try (Connection ended = db.connect()) {
        register(ended, "iw_stale");
        gone = value(ended, Integer.class, "SELECT pg_backend_pid()");
      }
      awaitBackendGone(sender, gone);
      assertThat(wakeCount(sender, "iw_stale")).as("a stale registration still counts").isEqualTo(1);

      register(listener, "iw_stale");
      assertThat(wakeCount(sender, "iw_stale")).as("the stale one removed, this one added").isEqualTo(1);
      exec(listener, "SELECT pg_mq_unregister_idle('iw_stale')");

      assertThat(wakeCount(sender, "iw_stale")).isZero();
      assertThat(triggerCalls(sender, "INSERT INTO pg_mq_queue_iw_stale (payload) VALUES ('unheard')")).isZero();
    }
  }

  /** setval() cannot be rolled back, so the count changes only when the registration's change commits. */
  @Test
  void unregister_rolledBack_leavesTheCountSoSendsStillNotify(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "iw_rollback");
      register(listener, "iw_rollback");

      listener.setAutoCommit(false);
      exec(listener, "SELECT pg_mq_unregister_idle('iw_rollback')");
      listener.rollback();
      listener.setAutoCommit(true);
      long msgId = sendText(sender, "iw_rollback", "heard");

      assertThat(wakeCount(sender, "iw_rollback")).isEqualTo(1);
      assertThat(notifications(listener, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
    }
  }

  @Test
  void unregister_committedAfterAnotherSessionRegistered_leavesThatRegistrationCounted(PgmqDatabase db)
      throws SQLException {
    try (Connection leaving = db.connect();
        Connection arriving = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "iw_race_rc");
      run(arriving, "SET lock_timeout = '5s'");  // fails rather than waits forever for the open transaction
      register(leaving, "iw_race_rc");
      leaving.setAutoCommit(false);
      exec(leaving, "SELECT pg_mq_unregister_idle('iw_race_rc')");

      register(arriving, "iw_race_rc");  // commits while the unregistration is still open
      leaving.commit();

      assertThat(wakeCount(sender, "iw_race_rc")).isEqualTo(1);
      long msgId = sendText(sender, "iw_race_rc", "heard");
      assertThat(notifications(arriving, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
    }
  }

  /**
   * A REPEATABLE READ snapshot taken before another registration committed does not see it, so the count may not go
   * down there (V10: it stays too high, which is harmless, until the next change under READ COMMITTED recounts).
   */
  @Test
  void unregister_inRepeatableReadAfterAnotherSessionRegistered_leavesThatRegistrationCounted(PgmqDatabase db)
      throws SQLException {
    try (Connection leaving = db.connect();
        Connection arriving = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "iw_race_rr");
      run(arriving, "SET lock_timeout = '5s'");  // fails rather than waits forever for the open transaction
      register(leaving, "iw_race_rr");
      leaving.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      leaving.setAutoCommit(false);
      value(leaving, Long.class, "SELECT count(*) FROM pg_mq_idle_consumers");  // takes the snapshot

      register(arriving, "iw_race_rr");
      exec(leaving, "SELECT pg_mq_unregister_idle('iw_race_rr')");
      leaving.commit();

      assertThat(wakeCount(sender, "iw_race_rr")).isGreaterThanOrEqualTo(1);
      long msgId = sendText(sender, "iw_race_rr", "heard");
      assertThat(notifications(arriving, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
      assertThat(value(arriving, Boolean.class, "SELECT pg_mq_register_idle('iw_race_rr')")).isFalse();
      assertThat(wakeCount(sender, "iw_race_rr")).as("recounted under READ COMMITTED").isEqualTo(1);
    }
  }

  /** Row level security lets a session register its own backend by hand, as psql users may. */
  @Test
  void registrationInsertedByHand_isCounted(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "iw_by_hand");
      run(listener, "LISTEN \"iw_by_hand\"");

      exec(listener, "INSERT INTO pg_mq_idle_consumers (channel, backend_pid) VALUES ('iw_by_hand', pg_backend_pid())");
      long msgId = sendText(sender, "iw_by_hand", "heard");

      assertThat(wakeCount(sender, "iw_by_hand")).isEqualTo(1);
      assertThat(notifications(listener, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
    }
  }

  @Test
  void setNotifyMode_awayFromWhenIdleDropsTheCount_andBackRecreatesItFromTheRegistrations(PgmqDatabase db)
      throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "iw_modes");
      setMode(sender, "iw_modes", "always");
      assertThat(sequenceExists(sender, "iw_modes")).as("sequence while always").isFalse();
      register(listener, "iw_modes");  // on an 'always' channel: only the row

      setMode(sender, "iw_modes", "when_idle");

      assertThat(wakeCount(sender, "iw_modes")).isEqualTo(1);
      assertThat(triggerCalls(sender, "INSERT INTO pg_mq_queue_iw_modes (payload) VALUES ('heard')")).isEqualTo(1);
      assertThat(notifications(listener, ARRIVES_WITHIN_MS)).hasSize(1);
    }
  }

  @Test
  void setNotifyMode_never_dropsTheCount(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      whenIdleChannel(c, "iw_never");

      setMode(c, "iw_never", "never");

      assertThat(sequenceExists(c, "iw_never")).isFalse();
    }
  }

  @Test
  void dropQueue_dropsTheCount_andAnUnregistrationAfterwardsStillWorks(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection admin = db.connect()) {
      whenIdleChannel(admin, "iw_dropped");
      register(listener, "iw_dropped");

      exec(admin, "SELECT pg_mq_drop_queue('iw_dropped')");

      assertThat(sequenceExists(admin, "iw_dropped")).isFalse();
      assertThat(value(listener, Boolean.class, "SELECT pg_mq_unregister_idle('iw_dropped')")).isTrue();
    }
  }

  /** pg_mq_idle_consumers would be this channel's count under a pg_mq_idle_ prefix. */
  @Test
  void channelNamedConsumers_getsItsOwnCount(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      whenIdleChannel(sender, "consumers");
      register(listener, "consumers");

      long msgId = sendText(sender, "consumers", "heard");

      assertThat(value(sender, String.class, "SELECT relkind::text FROM pg_class WHERE oid = 'pg_mq_wake_consumers'::regclass"))
          .isEqualTo("S");
      assertThat(wakeCount(sender, "consumers")).isEqualTo(1);
      assertThat(notifications(listener, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
    }
  }

  @Test
  void longestChannelName_getsItsCountWithoutTruncation(PgmqDatabase db) throws SQLException {
    String channel = "w" + "x".repeat(50);
    try (Connection c = db.connect()) {
      whenIdleChannel(c, channel);

      assertThat(sequenceExists(c, channel)).as("pg_mq_wake_%s, 62 bytes", channel).isTrue();
    }
  }

  /** Tools find an identity column's sequence by pg_get_serial_sequence(table, 'msg_id'): that must stay unambiguous. */
  @Test
  void count_isOwnedByTheChannelTablesPayloadColumn_notByMsgId(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      whenIdleChannel(c, "iw_owner");

      assertThat(value(c, String.class, "SELECT pg_get_serial_sequence('pg_mq_queue_iw_owner', 'payload')"))
          .isEqualTo("public.pg_mq_wake_iw_owner");
      assertThat(value(c, String.class, "SELECT pg_get_serial_sequence('pg_mq_queue_iw_owner', 'msg_id')"))
          .isNotEqualTo("public.pg_mq_wake_iw_owner");
    }
  }

  /** The WHEN clause stores the sequence's OID: a look-alike first on the sender's search_path changes nothing. */
  @Test
  void whenClause_withADecoyCountFirstOnTheSendersSearchPath_readsTheChannelsOwn(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      whenIdleChannel(c, "iw_decoy");
      run(c, "CREATE SCHEMA iw_decoys");
      run(c, "CREATE SEQUENCE iw_decoys.pg_mq_wake_iw_decoy");
      run(c, "SELECT setval('iw_decoys.pg_mq_wake_iw_decoy', 5)");
      run(c, "SET search_path = iw_decoys, pg_temp, public");

      assertThat(triggerCalls(c, "INSERT INTO public.pg_mq_queue_iw_decoy (payload) VALUES ('unheard')")).isZero();
      assertThat(value(c, String.class, "SELECT pg_get_triggerdef(oid) FROM pg_trigger"
          + " WHERE tgrelid = 'public.pg_mq_queue_iw_decoy'::regclass"))
          .contains("WHEN ((pg_sequence_last_value('public.pg_mq_wake_iw_decoy'::regclass) > 0))");
    }
  }

  @Test
  void roleWithReceiveGrantOnly_registers_andTheCountFollows(PgmqDatabase db) throws SQLException {
    String receiver = roles.create("iw_receiver");
    try (Connection admin = db.connect()) {
      whenIdleChannel(admin, "iw_recv");
      exec(admin, "SELECT pg_mq_grant_receive('iw_recv', ?)", receiver);
      try (Connection r = roles.connectAs(receiver)) {
        run(r, "LISTEN \"iw_recv\"");

        assertThat(value(r, Boolean.class, "SELECT pg_mq_register_idle('iw_recv')")).isTrue();
        assertThat(wakeCount(admin, "iw_recv")).isEqualTo(1);
        long msgId = sendText(admin, "iw_recv", "heard");
        assertThat(notifications(r, ARRIVES_WITHIN_MS))
            .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));

        assertThat(value(r, Boolean.class, "SELECT pg_mq_unregister_idle('iw_recv')")).isTrue();
        assertThat(wakeCount(admin, "iw_recv")).isZero();
      }
    }
  }

  /** Senders evaluate the WHEN clause with their own rights: PUBLIC may read the count, not change it. */
  @Test
  void roleWithSendGrantOnly_sendsWithAndWithoutAConsumerRegistered(PgmqDatabase db) throws SQLException {
    String producer = roles.create("iw_producer");
    try (Connection admin = db.connect();
        Connection listener = db.connect()) {
      whenIdleChannel(admin, "iw_send");
      exec(admin, "SELECT pg_mq_grant_send('iw_send', ?)", producer);
      try (Connection p = roles.connectAs(producer)) {
        sendText(p, "iw_send", "unheard");
        run(p, "INSERT INTO pg_mq_queue_iw_send (payload) VALUES ('unheard')");
        register(listener, "iw_send");
        assertThat(notifications(listener, QUIET_FOR_MS)).isEmpty();

        long msgId = sendText(p, "iw_send", "heard");

        assertThat(notifications(listener, ARRIVES_WITHIN_MS))
            .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
      }
      assertThat(value(admin, Boolean.class, "SELECT has_sequence_privilege(?, 'pg_mq_wake_iw_send', 'USAGE')"
          + " OR has_sequence_privilege(?, 'pg_mq_wake_iw_send', 'UPDATE')", producer, producer)).isFalse();
    }
  }

  @Test
  void whenIdleChannelMadeAtV6_isGatedAfterMigratingToV7_andKeepsItsRegistration() throws SQLException {
    try (PgmqDatabase db = PgmqDatabase.create("queues");
        Connection listener = db.connect();
        Connection sender = db.connect()) {
      migrate(db, "6");
      run(sender, "SET search_path = queues");
      run(listener, "SET search_path = queues");
      whenIdleChannel(sender, "iw_old_busy");
      whenIdleChannel(sender, "iw_old_idle");
      register(listener, "iw_old_idle");
      String busyInsert = "INSERT INTO pg_mq_queue_iw_old_busy (payload) VALUES ('unheard')";
      assertThat(triggerCalls(sender, "queues", busyInsert)).as("calls at V6").isEqualTo(1);

      migrate(db, null);

      assertThat(triggerCalls(sender, "queues", busyInsert)).as("calls at V7").isZero();
      assertThat(wakeCount(sender, "iw_old_idle")).isEqualTo(1);
      long msgId = sendText(sender, "iw_old_idle", "heard");
      assertThat(notifications(listener, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).contains(Long.toString(msgId));
    }
  }

  private static void migrate(PgmqDatabase db, String target) {
    var config = Flyway.configure().dataSource(db.dataSource()).schemas("queues").defaultSchema("queues")
        .locations("classpath:db/pgmq").table("pgmq_schema_history");
    (target == null ? config : config.target(target)).load().migrate();
  }

  private static void whenIdleChannel(Connection c, String channel) throws SQLException {
    createQueue(c, channel, "text");
    setMode(c, channel, "when_idle");
  }

  private static void setMode(Connection c, String channel, String mode) throws SQLException {
    exec(c, "SELECT pg_mq_set_notify_mode(?, ?)", channel, mode);
  }

  /** LISTENs and registers idle, as a consumer's LISTEN session does. */
  private static void register(Connection listener, String channel) throws SQLException {
    run(listener, "LISTEN " + Sql.quote(channel));
    assertThat(value(listener, Boolean.class, "SELECT pg_mq_register_idle(?)", channel)).isTrue();
  }

  /** The channel's idle count, as the trigger's WHEN clause reads it. */
  private static Long wakeCount(Connection c, String channel) throws SQLException {
    return value(c, Long.class, "SELECT pg_sequence_last_value(?::regclass)", "pg_mq_wake_" + channel);
  }

  private static boolean sequenceExists(Connection c, String channel) throws SQLException {
    return value(c, Boolean.class, "SELECT to_regclass(?) IS NOT NULL", "pg_mq_wake_" + channel);
  }

  private static long triggerCalls(Connection c, String sql) throws SQLException {
    return triggerCalls(c, "public", sql);
  }

  /** How often running sql called the when_idle trigger function (needs a superuser: track_functions). */
  private static long triggerCalls(Connection c, String schema, String sql) throws SQLException {
    String calls = "SELECT coalesce(pg_stat_get_xact_function_calls(?::regproc), 0)";
    String function = schema + ".pg_mq_notify_when_idle";
    // this transaction's count also holds earlier transactions' calls not yet reported, so compare inside one
    c.setAutoCommit(false);
    try {
      run(c, "SET LOCAL track_functions = 'pl'");
      long before = value(c, Long.class, calls, function);
      exec(c, sql);
      long after = value(c, Long.class, calls, function);
      c.commit();
      return after - before;
    } finally {
      c.setAutoCommit(true);
    }
  }
}
