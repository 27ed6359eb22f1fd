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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * V8: locked claims. {@code pg_mq_claim_locked_text/_bin} lock ready messages for the calling transaction and write
 * nothing; {@code pg_mq_complete} removes them when it commits; {@code pg_mq_fail} counts a failed attempt with
 * backoff and dead letters; a rollback leaves them as they were.
 */
@PgmqTest
class LockedClaimTest {

  private static final String PERMISSION_DENIED = "42501";

  private TestRoles roles;

  @BeforeEach
  void createRoles(PgmqDatabase db) {
    roles = new TestRoles(db);
  }

  @AfterEach
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  @Test
  void claimLocked_returnsReadyMessagesOldestFirstWithAttemptOneAndWritesNothing(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_first", "text");
      long first = sendText(c, "lc_first", "a");
      long second = sendText(c, "lc_first", "b");
      sendText(c, "lc_first", "c");
      c.setAutoCommit(false);

      List<Map<String, Object>> locked = rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_first', 2)");
      long written = value(c, Long.class, "SELECT pg_stat_get_xact_tuples_updated('pg_mq_queue_lc_first'::regclass)"
          + " + pg_stat_get_xact_tuples_deleted('pg_mq_queue_lc_first'::regclass)");
      c.rollback();

      assertThat(locked).extracting(r -> r.get("msg_id")).containsExactly(first, second);
      assertThat(locked).extracting(r -> r.get("payload")).containsExactly("a", "b");
      assertThat(locked).extracting(r -> r.get("attempt")).containsExactly(1, 1);
      assertThat(locked.get(0).get("sent_by")).isNotNull();
      assertThat(locked.get(0).get("last_error")).isNull();
      assertThat(written).as("rows updated or deleted by the claim").isZero();
    }
  }

  @Test
  void claimLocked_rolledBack_leavesMessagesReadyWithTheSameAttempt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_rollback", "text");
      long id = sendText(c, "lc_rollback", "again");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_rollback', 1)");
      c.rollback();

      Map<String, Object> again = row(c, "SELECT * FROM pg_mq_claim_locked_text('lc_rollback', 1)");
      c.rollback();

      assertThat(again.get("msg_id")).isEqualTo(id);
      assertThat(again.get("attempt")).isEqualTo(1);
    }
  }

  @Test
  void claimLocked_otherConsumersSkipTheLockedMessagesWithoutWaiting(PgmqDatabase db) throws SQLException {
    try (Connection holder = db.connect(); Connection other = db.connect()) {
      createQueue(holder, "lc_skip", "text");
      long first = sendText(holder, "lc_skip", "held 1");
      long second = sendText(holder, "lc_skip", "held 2");
      long third = sendText(holder, "lc_skip", "free");
      holder.setAutoCommit(false);
      assertThat(column(holder, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('lc_skip', 2)"))
          .containsExactly(first, second);
      run(other, "SET lock_timeout = '2s'");
      other.setAutoCommit(false);

      List<Long> lockedByOther = column(other, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('lc_skip', 10)");
      other.rollback();
      List<Long> leasedByOther = column(other, Long.class, "SELECT msg_id FROM pg_mq_claim_text('lc_skip', 10)");
      List<Long> receivedByOther = column(other, Long.class, "SELECT msg_id FROM pg_mq_get_msg_text('lc_skip', 10)");
      other.rollback();
      holder.rollback();

      assertThat(lockedByOther).containsExactly(third);
      assertThat(leasedByOther).containsExactly(third);
      assertThat(receivedByOther).as("after the lease claim, in the same transaction").isEmpty();
    }
  }

  @Test
  void claimLocked_skipsMessagesLeasedByAnotherConsumer(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_leased", "text");
      sendText(c, "lc_leased", "leased");
      long free = sendText(c, "lc_leased", "free");
      rows(c, "SELECT * FROM pg_mq_claim_text('lc_leased', 1, interval '1 hour')");
      c.setAutoCommit(false);

      List<Long> locked = column(c, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('lc_leased', 10)");
      c.rollback();

      assertThat(locked).containsExactly(free);
    }
  }

  @Test
  void complete_removesTheMessagesWhenTheTransactionCommits(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect(); Connection observer = db.connect()) {
      createQueue(c, "lc_complete", "text");
      long first = sendText(c, "lc_complete", "one");
      long second = sendText(c, "lc_complete", "two");
      c.setAutoCommit(false);
      List<Long> locked = column(c, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('lc_complete', 2)");

      List<Long> completed = column(c, Long.class, "SELECT * FROM pg_mq_complete('lc_complete', ?)",
          c.createArrayOf("bigint", locked.toArray()));
      long beforeCommit = value(observer, Long.class, "SELECT count(*) FROM pg_mq_queue_lc_complete");
      c.commit();

      assertThat(completed).containsExactlyInAnyOrder(first, second);
      assertThat(beforeCommit).as("rows others see before the commit").isEqualTo(2);
      assertThat(value(observer, Long.class, "SELECT count(*) FROM pg_mq_queue_lc_complete")).isZero();
    }
  }

  @Test
  void complete_rolledBack_leavesTheMessagesReady(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_complete_rb", "text");
      long id = sendText(c, "lc_complete_rb", "kept");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_complete_rb', 1)");
      exec(c, "SELECT pg_mq_complete('lc_complete_rb', ?::bigint)", id);
      c.rollback();
      c.setAutoCommit(true);

      assertThat(column(c, Long.class, "SELECT msg_id FROM pg_mq_get_msg_text('lc_complete_rb', 5)"))
          .containsExactly(id);
    }
  }

  @Test
  void complete_onAChannelThatKeepsAckedMessages_marksThemDelivered(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_keep", "text");
      exec(c, "SELECT pg_mq_alter_channel('lc_keep', in_keep_acked => true)");
      long id = sendText(c, "lc_keep", "audit me");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_keep', 1)");
      exec(c, "SELECT pg_mq_complete('lc_keep', ?::bigint)", id);
      c.commit();

      assertThat(value(c, Boolean.class, "SELECT was_delivered FROM pg_mq_queue_lc_keep WHERE msg_id = ?", id))
          .isTrue();
    }
  }

  @Test
  void complete_ofAMessageAnotherTransactionHolds_leavesItAndSaysWhoHoldsIt(PgmqDatabase db) throws SQLException {
    try (Connection holder = db.connect(); Connection other = db.connect()) {
      createQueue(holder, "lc_other", "text");
      long id = sendText(holder, "lc_other", "not yours");
      holder.setAutoCommit(false);
      rows(holder, "SELECT * FROM pg_mq_claim_locked_text('lc_other', 1)");
      run(other, "SET lock_timeout = '2s'");
      other.setAutoCommit(false);

      List<Long> completed = column(other, Long.class, "SELECT * FROM pg_mq_complete('lc_other', ARRAY[?::bigint])",
          id);
      PSQLException e = sqlError(() -> exec(other, "SELECT pg_mq_complete('lc_other', ?::bigint)", id));
      other.rollback();
      holder.rollback();

      assertThat(completed).isEmpty();
      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(message(e)).isEqualTo("channel \"lc_other\": complete of message " + id
          + " failed: another transaction holds it");
    }
  }

  @Test
  void complete_twice_secondRaisesPQ010SayingItIsGone(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_twice", "text");
      long id = sendText(c, "lc_twice", "once");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_twice', 1)");
      exec(c, "SELECT pg_mq_complete('lc_twice', ?::bigint)", id);

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_complete('lc_twice', ?::bigint)", id));
      c.rollback();

      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(message(e)).isEqualTo("channel \"lc_twice\": complete of message " + id
          + " failed: no such message (already completed, or purged)");
    }
  }

  @Test
  void fail_countsTheAttemptKeepsTheErrorAndRetriesAfterTheBackoff(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_fail", "text");
      exec(c, "SELECT pg_mq_alter_channel('lc_fail', in_backoff_base => interval '1 hour', "
          + "in_backoff_max => interval '2 hours')");
      long id = sendText(c, "lc_fail", "flaky");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_fail', 1)");

      Map<String, Object> outcome = row(c, "SELECT * FROM pg_mq_fail('lc_fail', ?::bigint, 'timeout calling shop')",
          id);
      c.commit();
      List<Long> tooSoon = column(c, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('lc_fail', 1)");
      c.rollback();
      long waitSeconds = value(c, Long.class,
          "SELECT extract(epoch FROM visible_at - clock_timestamp())::bigint FROM pg_mq_queue_lc_fail");
      exec(c, "UPDATE pg_mq_queue_lc_fail SET visible_at = clock_timestamp() - interval '1 second'");
      Map<String, Object> retried = row(c, "SELECT * FROM pg_mq_claim_locked_text('lc_fail', 1)");
      c.rollback();

      assertThat(outcome.get("dead")).isEqualTo(false);
      assertThat(tooSoon).isEmpty();
      assertThat(waitSeconds).as("first backoff: between half and all of backoff_base").isBetween(1799L, 3600L);
      assertThat(retried.get("msg_id")).isEqualTo(id);
      assertThat(retried.get("attempt")).isEqualTo(2);
      assertThat(retried.get("last_error")).isEqualTo("timeout calling shop");
    }
  }

  @Test
  void fail_onTheLastAttempt_makesADeadLetterThatRedriveBringsBack(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_dead", "text");
      exec(c, "SELECT pg_mq_alter_channel('lc_dead', in_max_attempts => 2)");
      long id = sendText(c, "lc_dead", "poison");
      c.setAutoCommit(false);
      for (int attempt = 1; attempt <= 2; attempt++) {
        Map<String, Object> locked = row(c, "SELECT * FROM pg_mq_claim_locked_text('lc_dead', 1)");
        assertThat(locked.get("attempt")).isEqualTo(attempt);
        Map<String, Object> outcome = row(c, "SELECT * FROM pg_mq_fail('lc_dead', ?::bigint, ?, interval '0')", id,
            "bad payload " + attempt);
        assertThat(outcome.get("dead")).as("dead after attempt " + attempt).isEqualTo(attempt == 2);
        c.commit();
      }
      Map<String, Object> dead = row(c, "SELECT * FROM pg_mq_dead_letters('lc_dead')");
      List<Long> whileDead = column(c, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('lc_dead', 1)");
      exec(c, "SELECT pg_mq_redrive('lc_dead')");
      Map<String, Object> redriven = row(c, "SELECT * FROM pg_mq_claim_locked_text('lc_dead', 1)");
      c.rollback();

      assertThat(dead.get("msg_id")).isEqualTo(id);
      assertThat(dead.get("attempts")).isEqualTo(2);
      assertThat(dead.get("last_error")).isEqualTo("bad payload 2");
      assertThat(whileDead).isEmpty();
      assertThat(redriven.get("msg_id")).isEqualTo(id);
      assertThat(redriven.get("attempt")).isEqualTo(1);
    }
  }

  @Test
  void fail_ofAMessageThatFailedAlready_raisesPQ010SayingThisTransactionFailedIt(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_fail_twice", "text");
      long id = sendText(c, "lc_fail_twice", "x");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_fail_twice', 1)");
      exec(c, "SELECT pg_mq_fail('lc_fail_twice', ?::bigint, 'first')", id);

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_fail('lc_fail_twice', ?::bigint, 'second')", id));
      c.rollback();

      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(message(e)).startsWith("channel \"lc_fail_twice\": fail of message " + id
          + " failed: this transaction failed it already (it is retried after ");
    }
  }

  @Test
  void fail_withANegativeDelay_raisesPQ005(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_fail_negative", "text");
      long id = sendText(c, "lc_fail_negative", "x");

      PSQLException e = sqlError(() -> exec(c,
          "SELECT pg_mq_fail('lc_fail_negative', ?::bigint, 'e', interval '-1 second')", id));

      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).isEqualTo("channel \"lc_fail_negative\": fail delay must not be negative, was -00:00:01");
    }
  }

  @Test
  void claimLocked_skipsAMessageWhoseLeasesUsedUpItsAttempts_andTheNextLeaseClaimDeadLettersIt(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_used_up", "text");
      exec(c, "SELECT pg_mq_alter_channel('lc_used_up', in_max_attempts => 1)");
      long id = sendText(c, "lc_used_up", "crashes its consumer");
      rows(c, "SELECT * FROM pg_mq_claim_text('lc_used_up', 1)");
      exec(c, "UPDATE pg_mq_queue_lc_used_up SET visible_at = clock_timestamp() - interval '1 second'");
      c.setAutoCommit(false);

      List<Map<String, Object>> locked = rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_used_up', 1)");
      c.rollback();
      List<Map<String, Object>> leased = rows(c, "SELECT * FROM pg_mq_claim_text('lc_used_up', 1)");
      c.commit();

      assertThat(locked).isEmpty();
      assertThat(leased).isEmpty();
      Map<String, Object> dead = row(c, "SELECT * FROM pg_mq_dead_letters('lc_used_up')");
      assertThat(dead.get("msg_id")).isEqualTo(id);
      assertThat(dead.get("last_error"))
          .isEqualTo("lease expired on attempt 1 of 1: the consumer neither acked nor nacked in time");
    }
  }

  @Test
  void claimLockedBin_ofATextChannel_returnsTheServerEncodingsBytes(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_bin", "text");
      sendText(c, "lc_bin", "é");
      c.setAutoCommit(false);

      byte[] payload = value(c, byte[].class, "SELECT payload FROM pg_mq_claim_locked_bin('lc_bin', 1)");
      c.rollback();

      assertThat(payload).containsExactly(0xc3, 0xa9);
    }
  }

  @Test
  void claimLockedText_ofAByteaChannel_raisesPQ004(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_bytea", "bytea");

      PSQLException e = sqlError(() -> rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_bytea', 1)"));

      assertThat(e.getSQLState()).isEqualTo("PQ004");
    }
  }

  @Test
  void claimLocked_ofNoMessages_raisesPQ005(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_zero", "text");

      assertThat(sqlError(() -> rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_zero', 0)")).getSQLState())
          .isEqualTo("PQ005");
      assertThat(sqlError(() -> value(c, String.class,
          "SELECT pg_mq_claim_locked_sql('pg_mq_queue_lc_zero', 'text', 0)")).getSQLState()).isEqualTo("PQ005");
    }
  }

  @Test
  void claimLockedAndCompleteStatements_preparedByAClient_behaveAsTheFunctions(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_prepared", "text");
      long first = sendText(c, "lc_prepared", "p1");
      long second = sendText(c, "lc_prepared", "p2");
      run(c, "PREPARE lc_claim(text) AS "
          + value(c, String.class, "SELECT pg_mq_claim_locked_sql('pg_mq_queue_lc_prepared', 'text', 1)"));
      run(c, "PREPARE lc_complete(text, bigint[]) AS "
          + value(c, String.class, "SELECT pg_mq_complete_sql('pg_mq_queue_lc_prepared')"));
      c.setAutoCommit(false);

      List<Map<String, Object>> locked = rows(c, "EXECUTE lc_claim('lc_prepared')");
      List<Long> completed = column(c, Long.class, "EXECUTE lc_complete('lc_prepared', ARRAY[" + first + "]::bigint[])");
      c.commit();

      assertThat(locked).singleElement().satisfies(r -> {
        assertThat(r.get("msg_id")).isEqualTo(first);
        assertThat(r.get("attempt")).isEqualTo(1);
        assertThat(r.get("payload")).isEqualTo("p1");
      });
      assertThat(completed).containsExactly(first);
      assertThat(column(c, Long.class, "SELECT msg_id FROM pg_mq_queue_lc_prepared")).containsExactly(second);
    }
  }

  @Test
  void setFillfactor_changesTheTablesFillfactorForNewPages(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_packed", "text");

      int set = value(c, Integer.class, "SELECT pg_mq_set_fillfactor('lc_packed', 100)");

      assertThat(set).isEqualTo(100);
      assertThat(column(c, String.class,
          "SELECT unnest(reloptions) FROM pg_class WHERE oid = 'pg_mq_queue_lc_packed'::regclass"))
          .contains("fillfactor=100").doesNotContain("fillfactor=45");
    }
  }

  @Test
  void setFillfactor_outOfRange_raisesPQ005WithTheHint(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "lc_fill_bad", "text");

      PSQLException e = sqlError(() -> value(c, Integer.class, "SELECT pg_mq_set_fillfactor('lc_fill_bad', 5)"));

      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).isEqualTo("channel \"lc_fill_bad\": fillfactor must be 10..100, was 5");
      assertThat(Sql.hint(e)).contains("100 for locked claims only");
    }
  }

  @Test
  void setFillfactor_isAdministration_aReceiverMayNotCallIt(PgmqDatabase db) throws SQLException {
    String consumer = roles.create("lc_fill_consumer");
    try (Connection owner = db.connect()) {
      createQueue(owner, "lc_fill_admin", "text");
      exec(owner, "SELECT pg_mq_grant_receive('lc_fill_admin', ?)", consumer);
    }

    try (Connection c = roles.connectAs(consumer)) {
      assertThat(sqlError(() -> value(c, Integer.class, "SELECT pg_mq_set_fillfactor('lc_fill_admin', 100)"))
          .getSQLState()).isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void receiveGrant_letsARoleClaimLockedCompleteAndFail(PgmqDatabase db) throws SQLException {
    String consumer = roles.create("lc_consumer");
    try (Connection owner = db.connect()) {
      createQueue(owner, "lc_grant", "text");
      sendText(owner, "lc_grant", "one");
      sendText(owner, "lc_grant", "two");
      exec(owner, "SELECT pg_mq_grant_receive('lc_grant', ?)", consumer);
    }

    try (Connection c = roles.connectAs(consumer)) {
      c.setAutoCommit(false);
      List<Long> locked = column(c, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('lc_grant', 2)");
      exec(c, "SELECT pg_mq_complete('lc_grant', ?::bigint)", locked.get(0));
      exec(c, "SELECT pg_mq_fail('lc_grant', ?::bigint, 'no')", locked.get(1));
      c.commit();

      assertThat(locked).hasSize(2);
    }
  }

  @Test
  void sendGrantOnly_cannotClaimLockedOrComplete(PgmqDatabase db) throws SQLException {
    String producer = roles.create("lc_producer");
    long id;
    try (Connection owner = db.connect()) {
      createQueue(owner, "lc_sender", "text");
      id = sendText(owner, "lc_sender", "not for you");
      exec(owner, "SELECT pg_mq_grant_send('lc_sender', ?)", producer);
    }

    try (Connection c = roles.connectAs(producer)) {
      assertThat(sqlError(() -> rows(c, "SELECT * FROM pg_mq_claim_locked_text('lc_sender', 1)")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_complete('lc_sender', ?::bigint)", id)).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
    }
  }
}
