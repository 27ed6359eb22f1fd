package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.hint;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** V10 (issue 14): PQ010 for a lease token that does not match says what the row shows, not a guess. */
@PgmqTest
class LeaseLostMessageTest {

  @Test
  void ack_withAWrongToken_saysTheTokenDoesNotMatchNotThatAnotherConsumerClaimedIt(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "ll_wrong", "text");
      long id = sendText(c, "ll_wrong", "x");
      row(c, "SELECT * FROM pg_mq_claim_text('ll_wrong', 1)");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_ack('ll_wrong', ?::bigint, ?::uuid)", id,
          UUID.randomUUID()));

      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(message(e)).startsWith("channel \"ll_wrong\": ack of message " + id + " failed: the lease token does"
          + " not match: the message is leased under another token (attempt 1, until ")
          .doesNotContain("claimed again by another consumer");
      assertThat(hint(e)).contains("or the token is wrong");
    }
  }

  @Test
  void nack_ofAReleasedMessage_saysItIsNotLeasedAndReady(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "ll_released", "text");
      long id = sendText(c, "ll_released", "x");
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ll_released', 1)");
      exec(c, "SELECT * FROM pg_mq_release('ll_released', ARRAY[?::bigint], ARRAY[?::uuid])", id,
          leased.get("lease_token"));

      PSQLException e = sqlError(() -> exec(c, "SELECT * FROM pg_mq_nack('ll_released', ?::bigint, ?::uuid, 'e')", id,
          leased.get("lease_token")));

      assertThat(message(e)).isEqualTo("channel \"ll_released\": nack of message " + id + " failed: the message is"
          + " not leased now (0 attempts so far; ready to be claimed)");
    }
  }

  @Test
  void extendLease_ofANackedMessage_saysWhenItsNextAttemptIs(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "ll_nacked", "text");
      long id = sendText(c, "ll_nacked", "x");
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ll_nacked', 1)");
      exec(c, "SELECT * FROM pg_mq_nack('ll_nacked', ?::bigint, ?::uuid, 'e', interval '1 hour')", id,
          leased.get("lease_token"));

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_extend_lease('ll_nacked', ?::bigint, ?::uuid,"
          + " interval '1 minute')", id, leased.get("lease_token")));

      assertThat(message(e)).startsWith("channel \"ll_nacked\": extend lease of message " + id + " failed: the message"
          + " is not leased now (1 attempts so far; waiting for its next attempt until ");
    }
  }
}
