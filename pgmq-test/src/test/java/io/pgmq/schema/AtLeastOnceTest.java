package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * V2's at-least-once delivery from SQL. Time is moved by the table owner (visible_at into the past)
 * instead of waiting for leases and backoffs to run out.
 */
@PgmqTest
class AtLeastOnceTest {

  private static final String LONG_LEASE = "interval '10 minutes'";

  @Test
  void claim_hidesTheMessageForTheLease(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = channelWithOneMessage(c, "alo_hide");

      Map<String, Object> claimed = claim(c, "alo_hide");

      assertThat(claimed).containsEntry("msg_id", id).containsEntry("attempt", 1).containsEntry("payload", "work");
      assertThat(claimed.get("lease_token")).isInstanceOf(UUID.class);
      assertThat(rows(c, "SELECT * FROM pg_mq_claim_text('alo_hide', 10, " + LONG_LEASE + ")")).isEmpty();
      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_text('alo_hide', 10)")).isEmpty();
    }
  }

  @Test
  void claim_afterTheLeaseExpired_redeliversWithAttemptTwoAndANewToken(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = channelWithOneMessage(c, "alo_expire");
      Map<String, Object> first = claim(c, "alo_expire");

      expire(c, "alo_expire", id);
      Map<String, Object> second = claim(c, "alo_expire");

      assertThat(second).containsEntry("msg_id", id).containsEntry("attempt", 2);
      assertThat(second.get("lease_token")).isNotEqualTo(first.get("lease_token"));
    }
  }

  @Test
  void nack_backsOffIntoTheFuture_andKeepsTheError(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = channelWithOneMessage(c, "alo_nack");
      Map<String, Object> claimed = claim(c, "alo_nack");

      Map<String, Object> nacked = row(c, "SELECT * FROM pg_mq_nack('alo_nack', ?, ?, 'boom')",
          id, claimed.get("lease_token"));

      assertThat(nacked).containsEntry("dead", false);
      assertThat(value(c, Boolean.class, "SELECT visible_at > clock_timestamp() FROM pg_mq_queue_alo_nack")).isTrue();
      assertThat(rows(c, "SELECT * FROM pg_mq_claim_text('alo_nack', 10)")).isEmpty();
      expire(c, "alo_nack", id);
      assertThat(claim(c, "alo_nack")).containsEntry("attempt", 2).containsEntry("last_error", "boom");
    }
  }

  @Test
  void nack_onTheLastAttempt_movesTheMessageToTheDeadLettersWithTheError(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = channelWithOneMessage(c, "alo_dead");
      exec(c, "SELECT pg_mq_alter_channel('alo_dead', in_max_attempts => 2)");
      nack(c, "alo_dead", claim(c, "alo_dead"), "first failure");
      expire(c, "alo_dead", id);

      Map<String, Object> last = row(c, "SELECT * FROM pg_mq_nack('alo_dead', ?, ?, 'second failure')",
          id, claim(c, "alo_dead").get("lease_token"));

      assertThat(last).containsEntry("dead", true);
      assertThat(row(c, "SELECT msg_id, attempts, last_error FROM pg_mq_dead_letters('alo_dead')"))
          .containsEntry("msg_id", id).containsEntry("attempts", 2).containsEntry("last_error", "second failure");
      expire(c, "alo_dead", id);
      assertThat(rows(c, "SELECT * FROM pg_mq_claim_text('alo_dead', 10)")).isEmpty();
    }
  }

  @Test
  void claim_afterTheLastLeaseExpired_deadLettersInsteadOfRedelivering(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = channelWithOneMessage(c, "alo_dead_lease");
      exec(c, "SELECT pg_mq_alter_channel('alo_dead_lease', in_max_attempts => 1)");
      claim(c, "alo_dead_lease");
      expire(c, "alo_dead_lease", id);

      assertThat(rows(c, "SELECT * FROM pg_mq_claim_text('alo_dead_lease', 10)")).isEmpty();
      assertThat(value(c, String.class, "SELECT last_error FROM pg_mq_dead_letters('alo_dead_lease')"))
          .startsWith("lease expired on attempt 1 of 1");
    }
  }

  @Test
  void redrive_makesDeadLettersClaimableWithAttemptsReset(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = channelWithOneMessage(c, "alo_redrive");
      exec(c, "SELECT pg_mq_alter_channel('alo_redrive', in_max_attempts => 1)");
      nack(c, "alo_redrive", claim(c, "alo_redrive"), "broken");

      long redriven = value(c, Long.class, "SELECT pg_mq_redrive('alo_redrive')");

      assertThat(redriven).isEqualTo(1);
      assertThat(claim(c, "alo_redrive")).containsEntry("msg_id", id).containsEntry("attempt", 1)
          .containsEntry("last_error", "broken");
    }
  }

  @Test
  void ack_withAStaleLeaseAfterAnotherConsumerReclaimed_raisesPQ010AndDoesNotAck(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      long id = channelWithOneMessage(c, "alo_stale");
      Object staleToken = claim(c, "alo_stale").get("lease_token");
      expire(c, "alo_stale", id);
      claim(c, "alo_stale");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_ack('alo_stale', ?::bigint, ?::uuid)", id, staleToken));

      assertThat(e.getSQLState()).isEqualTo("PQ010");
      // V10: says what the row shows (another token, attempt 2) and both causes a mismatch can have, in the hint
      assertThat(message(e)).startsWith("channel \"alo_stale\": ack of message " + id
          + " failed: the lease token does not match: the message is leased under another token (attempt 2, until ");
      assertThat(Sql.hint(e)).startsWith("Either this delivery's lease expired and a later claim took the message");
      assertThat(value(c, Boolean.class, "SELECT was_delivered FROM pg_mq_queue_alo_stale")).isFalse();
    }
  }

  @Test
  void ack_withTheCurrentLease_deletesTheMessage(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = channelWithOneMessage(c, "alo_ack");
      Object token = claim(c, "alo_ack").get("lease_token");

      exec(c, "SELECT pg_mq_ack('alo_ack', ?::bigint, ?::uuid)", id, token);

      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_alo_ack")).isZero();
      expire(c, "alo_ack", id);
      assertThat(rows(c, "SELECT * FROM pg_mq_claim_text('alo_ack', 10)")).isEmpty();
    }
  }

  @Test
  void delayedSend_isNeitherReceivableNorClaimableBeforeItsTime(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "alo_delay", "text");

      exec(c, "SELECT pg_mq_send_message('alo_delay', 'later'::text, now() + interval '1 hour')");

      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_text('alo_delay', 10)")).isEmpty();
      assertThat(rows(c, "SELECT * FROM pg_mq_claim_text('alo_delay', 10)")).isEmpty();
    }
  }

  @Test
  void delayedSend_becomesReceivableOnceItsTimeHasCome(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "alo_delay_due", "text");
      long id = value(c, Long.class,
          "SELECT msg_id FROM pg_mq_send_message('alo_delay_due', 'later'::text, now() + interval '1 hour')");

      expire(c, "alo_delay_due", id);

      assertThat(column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('alo_delay_due', 10)"))
          .containsExactly("later");
    }
  }

  @Test
  void delayedSend_ofBytea_isNotClaimableBeforeItsTime(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "alo_delay_bytes", "bytea");

      exec(c, "SELECT pg_mq_send_message('alo_delay_bytes', '\\x01'::bytea, now() + interval '1 hour')");

      assertThat(rows(c, "SELECT * FROM pg_mq_claim_bin('alo_delay_bytes', 10)")).isEmpty();
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_alo_delay_bytes")).isEqualTo(1);
    }
  }

  @Test
  void release_makesClaimedMessagesClaimableAgainWithoutCountingTheAttempt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = channelWithOneMessage(c, "alo_release");
      Object token = claim(c, "alo_release").get("lease_token");

      assertThat(column(c, Long.class, "SELECT * FROM pg_mq_release('alo_release', ARRAY[?::bigint], ARRAY[?::uuid])",
              id, token))
          .containsExactly(id);

      assertThat(claim(c, "alo_release")).containsEntry("msg_id", id).containsEntry("attempt", 1);
    }
  }

  @Test
  void claimBin_onATextChannel_returnsTheTextsBytes(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      channelWithOneMessage(c, "alo_claim_bin");

      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_claim_bin('alo_claim_bin', 1)"))
          .isEqualTo("work".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static long channelWithOneMessage(Connection c, String channel) throws SQLException {
    createQueue(c, channel, "text");
    return sendText(c, channel, "work");
  }

  private static Map<String, Object> claim(Connection c, String channel) throws SQLException {
    return row(c, "SELECT * FROM pg_mq_claim_text(?, 1, " + LONG_LEASE + ")", channel);
  }

  private static void nack(Connection c, String channel, Map<String, Object> claimed, String error)
      throws SQLException {
    exec(c, "SELECT pg_mq_nack(?, ?::bigint, ?::uuid, ?)", channel, claimed.get("msg_id"),
        claimed.get("lease_token"), error);
  }

  /** Moves the message's visible_at into the past: its lease, backoff or delay has run out. */
  private static void expire(Connection c, String channel, long msgId) throws SQLException {
    exec(c, "UPDATE " + Sql.quote("pg_mq_queue_" + channel)
        + " SET visible_at = clock_timestamp() - interval '1 second' WHERE msg_id = ?", msgId);
  }
}
