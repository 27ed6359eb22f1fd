package io.pgmq.schema;

import static io.pgmq.schema.Listening.ARRIVES_WITHIN_MS;
import static io.pgmq.schema.Listening.QUIET_FOR_MS;
import static io.pgmq.schema.Listening.awaitBackendGone;
import static io.pgmq.schema.Listening.notifications;
import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.hint;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGNotification;
import org.postgresql.util.PSQLException;

/** V5's notify modes: 'always' (the default), 'when_idle' (only with a consumer registered idle) and 'never'. */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotifyModeTest {

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
  void createQueue_defaultsToAlways_andEverySendNotifies(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "nm_default", "text");
      run(listener, "LISTEN \"nm_default\"");

      long msgId = sendText(sender, "nm_default", "hello");

      assertThat(mode(sender, "nm_default")).isEqualTo("always");
      assertThat(notifications(listener, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
    }
  }

  @Test
  void setNotifyMode_unknownMode_raisesPQ005NamingTheAllowedValues(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "nm_bad", "text");

      PSQLException e = sqlError(() -> setMode(c, "nm_bad", "sometimes"));

      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).isEqualTo(
          "channel \"nm_bad\": notify mode 'sometimes' is not supported: expected always, when_idle or never");
      assertThat(hint(e)).contains("'when_idle'");
      assertThat(mode(c, "nm_bad")).isEqualTo("always");
    }
  }

  @Test
  void setNotifyMode_unknownChannel_raisesPQ001(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> setMode(c, "nm_missing", "never"));

      assertThat(e.getSQLState()).isEqualTo("PQ001");
    }
  }

  @Test
  void setNotifyMode_isNotExecutableByPublic(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      assertThat(value(c, Boolean.class, "SELECT has_function_privilege('public', "
          + "'pg_mq_set_notify_mode(text, text)', 'EXECUTE')")).isFalse();
    }
  }

  @Test
  void never_dropsTheTrigger_andSendsDoNotNotify(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "nm_never", "text");
      setMode(sender, "nm_never", "never");
      run(listener, "LISTEN \"nm_never\"");
      exec(listener, "SELECT pg_mq_register_idle(?)", "nm_never");

      sendText(sender, "nm_never", "unheard");

      assertThat(triggers(sender, "pg_mq_queue_nm_never")).isEmpty();
      assertThat(notifications(listener, QUIET_FOR_MS)).isEmpty();
    }
  }

  @Test
  void whenIdle_withNobodyRegistered_sendsDoNotNotify(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "nm_busy", "text");
      setMode(sender, "nm_busy", "when_idle");
      run(listener, "LISTEN \"nm_busy\"");

      sendText(sender, "nm_busy", "unheard");

      assertThat(notifications(listener, QUIET_FOR_MS)).isEmpty();
    }
  }

  @Test
  void whenIdle_withARegisteredIdleBackend_sendsNotifyWithTheMsgId(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "nm_idle", "text");
      setMode(sender, "nm_idle", "when_idle");
      run(listener, "LISTEN \"nm_idle\"");

      assertThat(value(listener, Boolean.class, "SELECT pg_mq_register_idle(?)", "nm_idle")).isTrue();
      long msgId = sendText(sender, "nm_idle", "heard");

      assertThat(notifications(listener, ARRIVES_WITHIN_MS))
          .extracting(PGNotification::getParameter).containsExactly(Long.toString(msgId));
    }
  }

  @Test
  void whenIdle_afterUnregister_sendsDoNotNotify(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "nm_unreg", "text");
      setMode(sender, "nm_unreg", "when_idle");
      run(listener, "LISTEN \"nm_unreg\"");
      exec(listener, "SELECT pg_mq_register_idle(?)", "nm_unreg");

      assertThat(value(listener, Boolean.class, "SELECT pg_mq_unregister_idle(?)", "nm_unreg")).isTrue();
      sendText(sender, "nm_unreg", "unheard");

      assertThat(notifications(listener, QUIET_FOR_MS)).isEmpty();
      assertThat(value(listener, Boolean.class, "SELECT pg_mq_unregister_idle(?)", "nm_unreg")).isFalse();
    }
  }

  @Test
  void whenIdle_registrationOfAGoneBackend_isIgnored_andRemovedByTheNextRegistration(PgmqDatabase db)
      throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "nm_stale", "text");
      setMode(sender, "nm_stale", "when_idle");
      int gone;
      try (Connection ended = db.connect()) {
        exec(ended, "SELECT pg_mq_register_idle(?)", "nm_stale");
        gone = value(ended, Integer.class, "SELECT pg_backend_pid()");
      }
      awaitBackendGone(sender, gone);
      run(listener, "LISTEN \"nm_stale\"");

      sendText(sender, "nm_stale", "unheard");
      assertThat(notifications(listener, QUIET_FOR_MS)).as("stale registration only").isEmpty();

      exec(listener, "SELECT pg_mq_register_idle(?)", "nm_stale");
      assertThat(column(sender, Integer.class,
              "SELECT backend_pid FROM pg_mq_idle_consumers WHERE channel = ?", "nm_stale"))
          .containsExactly(value(listener, Integer.class, "SELECT pg_backend_pid()"));
    }
  }

  /** The when_idle trigger has no pinned search_path: every name in it must resolve to pgmq's own objects. */
  @Test
  void whenIdleTrigger_withDecoysFirstOnTheSendersSearchPath_readsTheRealRegistrations(PgmqDatabase db)
      throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "nm_decoy", "text");
      setMode(sender, "nm_decoy", "when_idle");
      run(listener, "LISTEN \"nm_decoy\"");
      run(sender, "CREATE SCHEMA nm_decoys");
      run(sender, "CREATE TABLE nm_decoys.pg_mq_idle_consumers (channel text, backend_pid integer)");
      exec(sender, "INSERT INTO nm_decoys.pg_mq_idle_consumers VALUES (?, pg_backend_pid())", "nm_decoy");
      run(sender, "SET search_path = nm_decoys, pg_temp, public");

      // a direct INSERT, as pgmq-runtime sends: pg_mq_send_message would run it under its own pinned search_path
      run(sender, "INSERT INTO public.pg_mq_queue_nm_decoy (payload) VALUES ('unheard')");

      assertThat(notifications(listener, QUIET_FOR_MS)).as("decoy registration only").isEmpty();
      assertThat(value(sender, String.class, "SELECT array_to_string(proconfig, ';') FROM pg_proc"
          + " WHERE proname = 'pg_mq_notify_when_idle'")).isNull();
    }
  }

  @Test
  void registerIdle_withoutReceiveGrant_raises42501NamingTheGrant(PgmqDatabase db) throws SQLException {
    String stranger = roles.create("nm_stranger");
    try (Connection admin = db.connect()) {
      createQueue(admin, "nm_private", "text");
      setMode(admin, "nm_private", "when_idle");
    }
    try (Connection c = roles.connectAs(stranger)) {
      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_register_idle(?)", "nm_private"));

      assertThat(e.getSQLState()).isEqualTo("42501");
      assertThat(hint(e)).contains("pg_mq_grant_receive('nm_private'");
    }
  }

  @Test
  void registerIdle_roleWithReceiveGrant_mayRegisterOnlyItsOwnBackend(PgmqDatabase db) throws SQLException {
    String receiver = roles.create("nm_receiver");
    try (Connection admin = db.connect()) {
      createQueue(admin, "nm_granted", "text");
      exec(admin, "SELECT pg_mq_grant_receive(?, ?)", "nm_granted", receiver);
    }
    try (Connection c = roles.connectAs(receiver)) {
      assertThat(value(c, Boolean.class, "SELECT pg_mq_register_idle(?)", "nm_granted")).isTrue();

      PSQLException e = sqlError(() -> exec(c,
          "INSERT INTO pg_mq_idle_consumers (channel, backend_pid) VALUES (?, pg_backend_pid() + 1)", "nm_granted"));

      assertThat(e.getSQLState()).isEqualTo("42501");
    }
  }

  @Test
  void rebuildTriggers_keepsEachChannelsMode(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "nm_rb_idle", "text");
      setMode(c, "nm_rb_idle", "when_idle");
      createQueue(c, "nm_rb_never", "text");
      setMode(c, "nm_rb_never", "never");

      value(c, Integer.class, "SELECT pg_mq_rebuild_triggers()");

      assertThat(triggers(c, "pg_mq_queue_nm_rb_idle")).containsExactly("pg_mq_notify_when_idle");
      assertThat(triggers(c, "pg_mq_queue_nm_rb_never")).isEmpty();
    }
  }

  @Test
  void setNotifyMode_backToAlways_restoresTheSeedTrigger(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "nm_back", "text");
      setMode(c, "nm_back", "never");

      setMode(c, "nm_back", "always");

      assertThat(triggers(c, "pg_mq_queue_nm_back")).containsExactly("pg_mq_notify");
      assertThat(mode(c, "nm_back")).isEqualTo("always");
    }
  }

  private static void setMode(Connection c, String channel, String mode) throws SQLException {
    exec(c, "SELECT pg_mq_set_notify_mode(?, ?)", channel, mode);
  }

  private static String mode(Connection c, String channel) throws SQLException {
    return value(c, String.class, "SELECT notify_mode FROM pg_mq_config_catalog WHERE channel = ?", channel);
  }

  /** The functions of the table's triggers. */
  private static List<String> triggers(Connection c, String table) throws SQLException {
    return column(c, String.class,
        "SELECT tgfoid::regproc::text FROM pg_trigger WHERE tgrelid = to_regclass(?) ORDER BY tgname", table);
  }
}
