package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.rows;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * V10 (issue 14, F3): {@code pg_mq_complete} and {@code pg_mq_fail}, and the complete statement the runtime prepares,
 * act only on messages the calling transaction claimed with a locked claim; anything else raises PQ010 (single forms)
 * or is not returned (array form), and changes nothing.
 */
@PgmqTest
class LockedClaimOwnershipTest {

  /** The data loss: BEGIN; complete without a claim; COMMIT deleted a message nobody processed. */
  @Test
  void complete_ofAMessageNobodyClaimed_raisesPQ010AndLeavesItReady(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_unclaimed", "text");
      long id = sendText(c, "own_unclaimed", "not processed");
      c.setAutoCommit(false);

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_complete('own_unclaimed', ?::bigint)", id));
      c.rollback();

      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(message(e)).isEqualTo("channel \"own_unclaimed\": complete of message " + id
          + " failed: this transaction did not claim it with a locked claim (its lease expired, or it was never"
          + " claimed)");
      assertThat(readyIds(c, "own_unclaimed")).containsExactly(id);
    }
  }

  @Test
  void completeArray_ofMessagesNobodyClaimed_returnsNoneAndTheCommitKeepsThem(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_unclaimed_array", "text");
      long first = sendText(c, "own_unclaimed_array", "a");
      long second = sendText(c, "own_unclaimed_array", "b");
      c.setAutoCommit(false);

      List<Long> completed = column(c, Long.class, "SELECT * FROM pg_mq_complete('own_unclaimed_array', ?::bigint[])",
          (Object) new Long[] {first, second});
      c.commit();

      assertThat(completed).isEmpty();
      assertThat(readyIds(c, "own_unclaimed_array")).containsExactly(first, second);
    }
  }

  @Test
  void fail_ofAMessageNobodyClaimed_raisesPQ010AndCountsNoAttempt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_fail", "text");
      long id = sendText(c, "own_fail", "not processed");
      c.setAutoCommit(false);

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_fail('own_fail', ?::bigint, 'forged')", id));
      c.rollback();
      c.setAutoCommit(true);

      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(value(c, Integer.class, "SELECT attempts FROM pg_mq_queue_own_fail WHERE msg_id = ?", id)).isZero();
    }
  }

  /** A lease that just expired: the complete of a bystander must not take the message from the lease's holder. */
  @Test
  void complete_ofAMessageWhoseLeaseExpired_raisesPQ010AndTheHolderStillAcks(PgmqDatabase db) throws SQLException {
    try (Connection holder = db.connect();
        Connection bystander = db.connect()) {
      createQueue(holder, "own_expired", "text");
      long id = sendText(holder, "own_expired", "leased");
      UUID token = value(holder, UUID.class, "SELECT lease_token FROM pg_mq_claim_text('own_expired', 1)");
      exec(holder, "UPDATE pg_mq_queue_own_expired SET visible_at = clock_timestamp() - interval '1 second'"
          + " WHERE msg_id = ?", id);
      bystander.setAutoCommit(false);

      PSQLException e = sqlError(() -> exec(bystander, "SELECT pg_mq_complete('own_expired', ?::bigint)", id));
      bystander.rollback();

      assertThat(e.getSQLState()).isEqualTo("PQ010");
      exec(holder, "SELECT pg_mq_ack('own_expired', ?::bigint, ?::uuid)", id, token);
      assertThat(readyIds(holder, "own_expired")).isEmpty();
    }
  }

  /** ROLLBACK TO SAVEPOINT gives the locks back, and takes the record of them with it. */
  @Test
  void complete_afterRollingBackToASavepointTakenBeforeTheClaim_raisesPQ010(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_savepoint", "text");
      long id = sendText(c, "own_savepoint", "given back");
      c.setAutoCommit(false);
      run(c, "SAVEPOINT before_claim");
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('own_savepoint', 1)");
      run(c, "ROLLBACK TO SAVEPOINT before_claim");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_complete('own_savepoint', ?::bigint)", id));
      c.rollback();

      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(readyIds(c, "own_savepoint")).containsExactly(id);
    }
  }

  /** The savepoint probe locks what it tries and rolls that back: nothing is left locked, nothing looks claimed. */
  @Test
  void completeArray_ofAMessageOfARolledBackSavepoint_leavesItFreeForOthersAndForAFail(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_probe", "text");
      long id = sendText(c, "own_probe", "given back");
      c.setAutoCommit(false);
      run(c, "SAVEPOINT claim");
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('own_probe', 1)");
      run(c, "ROLLBACK TO SAVEPOINT claim");

      List<Long> completed = column(c, Long.class, "SELECT * FROM pg_mq_complete('own_probe', ARRAY[?::bigint])", id);
      PSQLException failed = sqlError(() -> exec(c, "SELECT pg_mq_fail('own_probe', ?::bigint, 'e')", id));
      c.rollback();
      c.setAutoCommit(true);

      assertThat(completed).isEmpty();
      assertThat(failed.getSQLState()).isEqualTo("PQ010");
    }
  }

  @Test
  void completeArray_ofAMessageAnEarlierTransactionClaimed_doesNotKeepItFromOthers(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect();
        Connection other = db.connect()) {
      createQueue(c, "own_stale", "text");
      long id = sendText(c, "own_stale", "claimed, rolled back");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('own_stale', 1)");
      c.rollback();

      List<Long> completed = column(c, Long.class, "SELECT * FROM pg_mq_complete('own_stale', ARRAY[?::bigint])", id);
      other.setAutoCommit(false);
      List<Long> claimedByOther = column(other, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('own_stale', 1)");
      other.rollback();
      c.rollback();

      assertThat(completed).isEmpty();
      assertThat(claimedByOther).containsExactly(id);
    }
  }

  @Test
  void claimLockedInAReleasedSavepoint_isCompletedByTheTransaction(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_released", "text");
      long id = sendText(c, "own_released", "kept");
      c.setAutoCommit(false);
      run(c, "SAVEPOINT claim");
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('own_released', 1)");
      run(c, "RELEASE SAVEPOINT claim");

      List<Long> completed = column(c, Long.class, "SELECT * FROM pg_mq_complete('own_released', ARRAY[?::bigint])",
          id);
      c.commit();

      assertThat(completed).containsExactly(id);
      assertThat(readyIds(c, "own_released")).isEmpty();
    }
  }

  @Test
  void claimLockedTwiceInOneTransaction_completesAndFailsMessagesOfBothClaims(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_twice", "text");
      long first = sendText(c, "own_twice", "a");
      long second = sendText(c, "own_twice", "b");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('own_twice', 1)");
      rows(c, "SELECT * FROM pg_mq_claim_locked_bin('own_twice', 1)");

      Map<String, Object> failed = row(c, "SELECT * FROM pg_mq_fail('own_twice', ?::bigint, 'e', interval '1 hour')",
          first);
      List<Long> completed = column(c, Long.class, "SELECT * FROM pg_mq_complete('own_twice', ARRAY[?::bigint])",
          second);
      c.commit();

      assertThat(failed.get("dead")).isEqualTo(false);
      assertThat(completed).containsExactly(second);
    }
  }

  /** FOR UPDATE SKIP LOCKED skips only other transactions' locks: the record keeps a second claim from repeating. */
  @Test
  void claimLockedTwiceInOneTransaction_doesNotReturnWhatTheFirstClaimLocked(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_distinct", "text");
      long first = sendText(c, "own_distinct", "a");
      long second = sendText(c, "own_distinct", "b");
      c.setAutoCommit(false);

      List<Long> claimedFirst = column(c, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('own_distinct', 1)");
      List<Long> claimedSecond = column(c, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('own_distinct', 5)");
      c.rollback();

      assertThat(claimedFirst).containsExactly(first);
      assertThat(claimedSecond).containsExactly(second);
    }
  }

  /** The statements the runtime prepares follow the same rule. */
  @Test
  void preparedCompleteStatement_withoutAClaim_completesNothing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_prepared", "text");
      long id = sendText(c, "own_prepared", "p");
      run(c, "PREPARE own_complete(text, bigint[]) AS "
          + value(c, String.class, "SELECT pg_mq_complete_sql('pg_mq_queue_own_prepared')"));
      run(c, "PREPARE own_claim(text) AS "
          + value(c, String.class, "SELECT pg_mq_claim_locked_sql('pg_mq_queue_own_prepared', 'text', 10)"));
      c.setAutoCommit(false);

      List<Long> unclaimed = column(c, Long.class, "EXECUTE own_complete('own_prepared', ARRAY[" + id + "]::bigint[])");
      rows(c, "EXECUTE own_claim('own_prepared')");
      List<Long> claimed = column(c, Long.class, "EXECUTE own_complete('own_prepared', ARRAY[" + id + "]::bigint[])");
      c.commit();

      assertThat(unclaimed).isEmpty();
      assertThat(claimed).containsExactly(id);
    }
  }

  @Test
  void complete_ofAMessageThisTransactionSent_saysItWasNotClaimed(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_sent_here", "text");
      c.setAutoCommit(false);
      long id = sendText(c, "own_sent_here", "p");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_complete('own_sent_here', ?::bigint)", id));
      c.rollback();

      assertThat(message(e)).contains("this transaction did not claim it with a locked claim");
    }
  }

  /** What a locked claim records ends with its transaction: the next one starts with nothing claimed. */
  @Test
  void complete_inTheTransactionAfterTheClaimCommitted_raisesPQ010(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "own_next", "text");
      long id = sendText(c, "own_next", "p");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('own_next', 1)");
      c.commit();

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_complete('own_next', ?::bigint)", id));
      c.rollback();

      assertThat(e.getSQLState()).isEqualTo("PQ010");
    }
  }

  private static List<Long> readyIds(Connection c, String channel) throws SQLException {
    c.setAutoCommit(true);
    return column(c, Long.class, "SELECT msg_id FROM " + Sql.quote("pg_mq_queue_" + channel)
        + " WHERE NOT was_delivered AND dead_at IS NULL ORDER BY msg_id");
  }
}
