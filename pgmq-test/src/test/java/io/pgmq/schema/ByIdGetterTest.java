package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendBytes;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * V11: the by-id getters behave as pg_message_queue 0.1's did for a LISTEN client that fetches the id it was notified
 * of, or re-reads what it received: they return a ready message (marking it delivered) and a delivered one (again,
 * writing nothing), and never a message that is leased, delayed, dead or held by another transaction.
 */
@PgmqTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ByIdGetterTest {

  @Test
  void getMsgIdText_ofAMessageTheBatchGetterDelivered_returnsItAgain(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "byid_again", "text");
      long id = sendText(c, "byid_again", "hello");
      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_text('byid_again', 1)")).hasSize(1);

      Map<String, Object> again = row(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_again', ?)", id);

      assertThat(again).containsEntry("msg_id", id).containsEntry("payload", "hello")
          .containsEntry("was_delivered", true).containsEntry("sent_by", db.user());
    }
  }

  @Test
  void getMsgIdBin_ofDeliveredMessages_returnsThemAgainOnTextAndByteaChannels(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "byid_bin_text", "text");
      createQueue(c, "byid_bin_bytes", "bytea");
      long textId = sendText(c, "byid_bin_text", "grüße");
      long bytesId = sendBytes(c, "byid_bin_bytes", new byte[] {7, 0});
      rows(c, "SELECT * FROM pg_mq_get_msg_bin('byid_bin_text', 1)");
      rows(c, "SELECT * FROM pg_mq_get_msg_bin('byid_bin_bytes', 1)");

      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_id_bin('byid_bin_text', ?)", textId))
          .isEqualTo("grüße".getBytes(StandardCharsets.UTF_8));
      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_id_bin('byid_bin_bytes', ?)", bytesId))
          .isEqualTo(new byte[] {7, 0});
    }
  }

  @Test
  void getMsgIdText_ofAReadyMessage_marksItDelivered_soTheBatchGetterSkipsIt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "byid_ready", "text");
      sendText(c, "byid_ready", "first");
      long second = sendText(c, "byid_ready", "second");

      assertThat(row(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_ready', ?)", second))
          .containsEntry("payload", "second").containsEntry("was_delivered", true);

      assertThat(value(c, Boolean.class, "SELECT was_delivered FROM pg_mq_queue_byid_ready WHERE msg_id = ?", second))
          .isTrue();
      assertThat(Sql.column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('byid_ready', 10)"))
          .containsExactly("first");
    }
  }

  @Test
  void getMsgIdText_ofADeliveredMessage_writesNothing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "byid_noop", "text");
      long id = sendText(c, "byid_noop", "read twice");
      rows(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_noop', ?)", id);
      String version = value(c, String.class, "SELECT xmin::text FROM pg_mq_queue_byid_noop WHERE msg_id = ?", id);

      rows(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_noop', ?)", id);

      assertThat(value(c, String.class, "SELECT xmin::text FROM pg_mq_queue_byid_noop WHERE msg_id = ?", id))
          .as("the row version after a second by-id fetch").isEqualTo(version);
    }
  }

  @Test
  void getMsgIdText_ofALeasedMessage_returnsNothingAndLeavesTheLease(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "byid_leased", "text");
      long id = sendText(c, "byid_leased", "busy");
      UUID token = value(c, UUID.class,
          "SELECT lease_token FROM pg_mq_claim_text('byid_leased', 1, interval '10 minutes')");

      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_leased', ?)", id)).isEmpty();

      exec(c, "SELECT pg_mq_ack('byid_leased', ?, ?)", id, token);
    }
  }

  @Test
  void getMsgIdText_ofADelayedMessage_returnsNothing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "byid_delayed", "text");
      long id = value(c, Long.class,
          "SELECT msg_id FROM pg_mq_send_message('byid_delayed', 'later', now() + interval '1 hour')");

      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_delayed', ?)", id)).isEmpty();
      assertThat(value(c, Boolean.class, "SELECT was_delivered FROM pg_mq_queue_byid_delayed WHERE msg_id = ?", id))
          .isFalse();
    }
  }

  @Test
  void getMsgIdText_ofADeadLetter_returnsNothing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "byid_dead", "text");
      exec(c, "SELECT pg_mq_alter_channel('byid_dead', in_max_attempts => 1)");
      long id = sendText(c, "byid_dead", "doomed");
      UUID token = value(c, UUID.class,
          "SELECT lease_token FROM pg_mq_claim_text('byid_dead', 1, interval '10 minutes')");
      assertThat(value(c, Boolean.class, "SELECT dead FROM pg_mq_nack('byid_dead', ?, ?, 'boom')", id, token))
          .isTrue();

      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_dead', ?)", id)).isEmpty();
      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_id_bin('byid_dead', ?)", id)).isEmpty();
    }
  }

  @Test
  void getMsgIdText_ofAMessageAnotherTransactionHolds_returnsNothingWithoutWaiting(PgmqDatabase db)
      throws SQLException {
    try (Connection holder = db.connect(); Connection c = db.connect()) {
      createQueue(c, "byid_held", "text");
      long id = sendText(c, "byid_held", "mine for now");
      holder.setAutoCommit(false);
      assertThat(rows(holder, "SELECT msg_id FROM pg_mq_claim_locked_text('byid_held', 10)")).hasSize(1);
      run(c, "SET lock_timeout = '10s'");

      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_held', ?)", id)).isEmpty();

      holder.rollback();
      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_held', ?)", id)).hasSize(1);
    }
  }

  @Test
  void getMsgIdText_ofAnAckedMessageTheChannelKeeps_returnsIt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "byid_kept", "text");
      exec(c, "SELECT pg_mq_alter_channel('byid_kept', in_keep_acked => true)");
      long id = sendText(c, "byid_kept", "audited");
      UUID token = value(c, UUID.class,
          "SELECT lease_token FROM pg_mq_claim_text('byid_kept', 1, interval '10 minutes')");
      exec(c, "SELECT pg_mq_ack('byid_kept', ?, ?)", id, token);

      assertThat(row(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_kept', ?)", id))
          .containsEntry("payload", "audited").containsEntry("was_delivered", true);
    }
  }

  @Test
  void getMsgIdText_ofAnIdThatDoesNotExist_returnsNothing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "byid_none", "text");
      long id = sendText(c, "byid_none", "only one");

      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_id_text('byid_none', ?)", id + 1)).isEmpty();
      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_id_bin('byid_none', ?)", id + 1)).isEmpty();
    }
  }
}
