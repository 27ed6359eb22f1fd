package io.pgmq.schema;

import static io.pgmq.schema.Listening.ARRIVES_WITHIN_MS;
import static io.pgmq.schema.Listening.QUIET_FOR_MS;
import static io.pgmq.schema.Listening.notifications;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGNotification;

/**
 * V10 (issue 15): a nack, a fail, a release and a redrive make messages ready again (now or after a backoff) and NOTIFY
 * the channel with their msg_ids, as a send does, when the channel's notify mode would notify a send.
 */
@PgmqTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadyAgainNotifyTest {

  @Test
  void nack_onAnAlwaysChannel_notifiesTheMsgId(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection c = db.connect()) {
      long id = leasedMessage(c, "ra_nack");
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ra_nack', 1)");
      listen(listener, "ra_nack");

      exec(c, "SELECT * FROM pg_mq_nack('ra_nack', ?::bigint, ?::uuid, 'retry', interval '1 minute')", id,
          leased.get("lease_token"));

      assertThat(notifications(listener, ARRIVES_WITHIN_MS)).extracting(PGNotification::getParameter)
          .containsExactly(Long.toString(id));
    }
  }

  @Test
  void nack_thatMakesADeadLetter_doesNotNotify(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection c = db.connect()) {
      long id = leasedMessage(c, "ra_dead");
      exec(c, "SELECT pg_mq_alter_channel('ra_dead', in_max_attempts => 1)");
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ra_dead', 1)");
      listen(listener, "ra_dead");

      exec(c, "SELECT * FROM pg_mq_nack('ra_dead', ?::bigint, ?::uuid, 'fatal')", id, leased.get("lease_token"));

      assertThat(notifications(listener, QUIET_FOR_MS)).isEmpty();
    }
  }

  @Test
  void failReleaseAndRedrive_notifyTheirMsgIds(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection c = db.connect()) {
      long failed = leasedMessage(c, "ra_all");
      long released = sendText(c, "ra_all", "second");
      long redriven = sendText(c, "ra_all", "third");
      listen(listener, "ra_all");
      notifications(listener, QUIET_FOR_MS);  // the sends' own

      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('ra_all', 1)");
      exec(c, "SELECT * FROM pg_mq_fail('ra_all', ?::bigint, 'e', interval '1 minute')", failed);
      c.commit();
      c.setAutoCommit(true);
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ra_all', 1)");
      exec(c, "SELECT * FROM pg_mq_release('ra_all', ARRAY[?::bigint], ARRAY[?::uuid])", released,
          leased.get("lease_token"));
      exec(c, "UPDATE pg_mq_queue_ra_all SET dead_at = now() WHERE msg_id = ?", redriven);
      assertThat(value(c, Long.class, "SELECT pg_mq_redrive('ra_all')")).isEqualTo(1);

      assertThat(Listening.awaitNotifications(listener, 3)).extracting(PGNotification::getParameter)
          .containsExactly(Long.toString(failed), Long.toString(released), Long.toString(redriven));
    }
  }

  @Test
  void nack_onAWhenIdleChannel_notifiesOnlyWhileAConsumerIsRegisteredIdle(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection c = db.connect()) {
      long id = leasedMessage(c, "ra_idle");
      exec(c, "SELECT pg_mq_set_notify_mode('ra_idle', 'when_idle')");
      listen(listener, "ra_idle");
      Map<String, Object> first = row(c, "SELECT * FROM pg_mq_claim_text('ra_idle', 1)");
      exec(c, "SELECT * FROM pg_mq_nack('ra_idle', ?::bigint, ?::uuid, 'e', interval '0')", id,
          first.get("lease_token"));
      assertThat(notifications(listener, QUIET_FOR_MS)).as("nobody registered idle").isEmpty();

      value(listener, Boolean.class, "SELECT pg_mq_register_idle('ra_idle')");
      Map<String, Object> second = row(c, "SELECT * FROM pg_mq_claim_text('ra_idle', 1)");
      exec(c, "SELECT * FROM pg_mq_nack('ra_idle', ?::bigint, ?::uuid, 'e', interval '0')", id,
          second.get("lease_token"));

      assertThat(notifications(listener, ARRIVES_WITHIN_MS)).extracting(PGNotification::getParameter)
          .containsExactly(Long.toString(id));
    }
  }

  @Test
  void release_onANeverChannel_doesNotNotify(PgmqDatabase db) throws SQLException {
    try (Connection listener = db.connect();
        Connection c = db.connect()) {
      long id = leasedMessage(c, "ra_never");
      exec(c, "SELECT pg_mq_set_notify_mode('ra_never', 'never')");
      listen(listener, "ra_never");
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ra_never', 1)");

      exec(c, "SELECT * FROM pg_mq_release('ra_never', ARRAY[?::bigint], ARRAY[?::uuid])", id,
          leased.get("lease_token"));

      assertThat(notifications(listener, QUIET_FOR_MS)).isEmpty();
    }
  }

  private static long leasedMessage(Connection c, String channel) throws SQLException {
    createQueue(c, channel, "text");
    return sendText(c, channel, "work");
  }

  private static void listen(Connection listener, String channel) throws SQLException {
    run(listener, "LISTEN " + Sql.quote(channel));
  }
}
