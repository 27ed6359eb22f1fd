package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** LISTEN "<channel>" as psql does it, received through pgjdbc. */
@PgmqTest
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenTest {

  /** Long enough for a notification on a local server; only reached when a test is about to fail. */
  private static final int ARRIVES_WITHIN_MS = 10_000;

  /** How long "no notification yet" is observed; a bounded wait, not a synchronisation point. */
  private static final int QUIET_FOR_MS = 300;

  @Test
  void send_notifiesListenersOfTheChannelWithTheNewMsgId(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "listen_send", "text");
      run(listener, "LISTEN \"listen_send\"");

      long msgId = sendText(sender, "listen_send", "hello");

      PGNotification n = awaitNotification(listener);
      assertThat(n.getName()).isEqualTo("listen_send");
      assertThat(n.getParameter()).isEqualTo(Long.toString(msgId));
    }
  }

  @Test
  void send_notifiesOnlyAfterCommit(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "listen_commit", "text");
      run(listener, "LISTEN \"listen_commit\"");
      sender.setAutoCommit(false);

      long msgId = sendText(sender, "listen_commit", "pending");

      assertThat(notifications(listener, QUIET_FOR_MS)).as("before commit").isEmpty();
      sender.commit();
      assertThat(awaitNotification(listener).getParameter()).isEqualTo(Long.toString(msgId));
    }
  }

  @Test
  void send_inRolledBackTransaction_notifiesNobody(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection sender = db.connect()) {
      createQueue(sender, "listen_rollback", "text");
      run(listener, "LISTEN \"listen_rollback\"");
      sender.setAutoCommit(false);
      sendText(sender, "listen_rollback", "never");
      sender.rollback();
      sender.setAutoCommit(true);

      long committed = sendText(sender, "listen_rollback", "later");

      // the first notification to arrive is the committed one: the rolled back one never comes
      assertThat(awaitNotification(listener).getParameter()).isEqualTo(Long.toString(committed));
    }
  }

  @Test
  void rebuildTriggers_recreatesADroppedTrigger_andListenersHearSendsAgain(PgmqDatabase db)
      throws SQLException {
    try (Connection listener = db.connect();
        Connection admin = db.connect()) {
      createQueue(admin, "listen_rebuild", "text");
      run(admin, "DROP TRIGGER pg_mq_notify ON pg_mq_queue_listen_rebuild");
      run(listener, "LISTEN \"listen_rebuild\"");
      sendText(admin, "listen_rebuild", "unheard");
      assertThat(notifications(listener, QUIET_FOR_MS)).as("without trigger").isEmpty();

      int rebuilt = value(admin, Integer.class, "SELECT pg_mq_rebuild_triggers()");

      assertThat(rebuilt).isGreaterThanOrEqualTo(1);
      assertThat(column(admin, String.class,
              "SELECT tgname FROM pg_trigger WHERE tgrelid = 'pg_mq_queue_listen_rebuild'::regclass"))
          .containsExactly("pg_mq_notify");
      long msgId = sendText(admin, "listen_rebuild", "heard");
      assertThat(awaitNotification(listener).getParameter()).isEqualTo(Long.toString(msgId));
    }
  }

  private static PGNotification awaitNotification(Connection listener) throws SQLException {
    List<PGNotification> got = notifications(listener, ARRIVES_WITHIN_MS);
    assertThat(got).as("notifications within %d ms", ARRIVES_WITHIN_MS).isNotEmpty();
    return got.get(0);
  }

  /** Waits at most timeoutMs (never 0: that blocks forever on a dead socket). */
  private static List<PGNotification> notifications(Connection listener, int timeoutMs)
      throws SQLException {
    PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(timeoutMs);
    return got == null ? List.of() : new ArrayList<>(List.of(got));
  }
}
