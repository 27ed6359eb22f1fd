package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * V10 (issue 14, F8): lowering max_attempts dead-letters the messages it uses up, keeping their real last error, on
 * channels consumed with leases and with locked claims alike.
 */
@PgmqTest
class MaxAttemptsLoweredTest {

  @Test
  void lowering_deadLettersANackedMessage_keepingTheNacksError(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = message(c, "ma_nacked");
      for (int i = 0; i < 2; i++) {
        Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ma_nacked', 1)");
        exec(c, "SELECT pg_mq_nack('ma_nacked', ?::bigint, ?::uuid, 'smtp timeout', interval '0')",
            leased.get("msg_id"), leased.get("lease_token"));
      }

      exec(c, "SELECT pg_mq_alter_channel('ma_nacked', in_max_attempts => 2)");
      rows(c, "SELECT * FROM pg_mq_claim_text('ma_nacked', 1)");

      assertThat(rows(c, "SELECT msg_id, last_error FROM pg_mq_dead_letters('ma_nacked')")).singleElement()
          .satisfies(r -> {
            assertThat(r.get("msg_id")).isEqualTo(id);
            assertThat(r.get("last_error")).isEqualTo("smtp timeout");
          });
    }
  }

  /** A locked claim skips used-up messages: without this they stayed ready and unclaimed for ever. */
  @Test
  void lowering_onAChannelConsumedWithLockedClaims_deadLettersWhatItUsesUp(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = message(c, "ma_locked");
      c.setAutoCommit(false);
      for (int i = 0; i < 2; i++) {
        rows(c, "SELECT * FROM pg_mq_claim_locked_text('ma_locked', 1)");
        exec(c, "SELECT pg_mq_fail('ma_locked', ?::bigint, 'shop down', interval '0')", id);
        c.commit();
      }
      c.setAutoCommit(true);

      exec(c, "SELECT pg_mq_alter_channel('ma_locked', in_max_attempts => 1)");

      assertThat(column(c, String.class, "SELECT last_error FROM pg_mq_dead_letters('ma_locked')"))
          .containsExactly("shop down");
      c.setAutoCommit(false);
      assertThat(rows(c, "SELECT * FROM pg_mq_claim_locked_text('ma_locked', 1)")).isEmpty();
      c.rollback();
    }
  }

  @Test
  void lowering_deadLettersAMessageWhoseLeaseExpired_sayingSo(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = message(c, "ma_expired");
      rows(c, "SELECT * FROM pg_mq_claim_text('ma_expired', 1)");
      rows(c, "SELECT * FROM pg_mq_claim_text('ma_expired', 1)");  // nothing: leased
      exec(c, "UPDATE pg_mq_queue_ma_expired SET visible_at = clock_timestamp() - interval '1 second'"
          + " WHERE msg_id = ?", id);

      exec(c, "SELECT pg_mq_alter_channel('ma_expired', in_max_attempts => 1)");

      assertThat(column(c, String.class, "SELECT last_error FROM pg_mq_dead_letters('ma_expired')")).singleElement()
          .satisfies(e -> assertThat(e).startsWith("lease expired on attempt 1 of 1"));
    }
  }

  @Test
  void lowering_leavesAMessageUnderARunningLeaseToItsConsumer(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      message(c, "ma_running");
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ma_running', 1, interval '1 hour')");

      exec(c, "SELECT pg_mq_alter_channel('ma_running', in_max_attempts => 1)");
      exec(c, "SELECT pg_mq_ack('ma_running', ?::bigint, ?::uuid)", leased.get("msg_id"), leased.get("lease_token"));

      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_ma_running")).isZero();
    }
  }

  /** The claim's own dead-lettering (max lowered in the catalog by hand, or racing the alter) keeps the error too. */
  @Test
  void leaseClaim_ofAMessageNackedUpToALoweredMax_keepsTheNacksError(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      message(c, "ma_claim");
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ma_claim', 1)");
      exec(c, "SELECT pg_mq_nack('ma_claim', ?::bigint, ?::uuid, 'smtp timeout', interval '0')", leased.get("msg_id"),
          leased.get("lease_token"));
      exec(c, "UPDATE pg_mq_config_catalog SET max_attempts = 1 WHERE channel = 'ma_claim'");

      assertThat(rows(c, "SELECT * FROM pg_mq_claim_text('ma_claim', 1)")).isEmpty();

      assertThat(column(c, String.class, "SELECT last_error FROM pg_mq_dead_letters('ma_claim')"))
          .containsExactly("smtp timeout");
    }
  }

  @Test
  void raising_changesNoMessage(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = message(c, "ma_raised");
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ma_raised', 1)");
      exec(c, "SELECT pg_mq_nack('ma_raised', ?::bigint, ?::uuid, 'e', interval '0')", leased.get("msg_id"),
          leased.get("lease_token"));

      exec(c, "SELECT pg_mq_alter_channel('ma_raised', in_max_attempts => 10)");

      assertThat(rows(c, "SELECT * FROM pg_mq_claim_text('ma_raised', 1)")).singleElement()
          .satisfies(r -> assertThat(r.get("msg_id")).isEqualTo(id));
    }
  }

  private static long message(Connection c, String channel) throws SQLException {
    createQueue(c, channel, "text");
    return sendText(c, channel, "work");
  }
}
