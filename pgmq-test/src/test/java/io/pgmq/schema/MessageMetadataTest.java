package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.util.PSQLException;

/**
 * Message metadata (V13, issue 17): headers travel with a message through every path; a dedup key makes a send of a
 * key still taken return the holder instead of inserting, enforced by the unique index under concurrency; the dedup
 * window keeps a done message's key taken.
 */
@PgmqTest
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MessageMetadataTest {

  private static final String HEADERS = "{\"tenant\": \"acme\", \"traceparent\": \"00-abc-def-01\"}";

  @Test
  void sendWithHeaders_headersReturnsThem(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_send", "text");
      long id = sendWith(c, "md_send", "x", HEADERS, null);

      assertThat(headersOf(c, "md_send", id)).isEqualTo(jsonb(c, HEADERS));
    }
  }

  @Test
  void headers_surviveNackRejectDeadLettersAndRedrive(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_paths", "text");
      long id = sendWith(c, "md_paths", "x", HEADERS, null);
      UUID token = value(c, UUID.class, "SELECT lease_token FROM pg_mq_claim_text('md_paths', 1)");
      exec(c, "SELECT * FROM pg_mq_nack('md_paths', ?, ?, 'boom', interval '0')", id, token);
      assertThat(headersOf(c, "md_paths", id)).isEqualTo(jsonb(c, HEADERS));

      token = value(c, UUID.class, "SELECT lease_token FROM pg_mq_claim_text('md_paths', 1)");
      exec(c, "SELECT pg_mq_reject('md_paths', ?, ?, 'poison')", id, token);
      assertThat(value(c, String.class, "SELECT headers::text FROM pg_mq_dead_letters('md_paths')"))
          .isEqualTo(jsonb(c, HEADERS));

      exec(c, "SELECT * FROM pg_mq_redrive('md_paths', ARRAY[?]::bigint[])", id);
      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_claim_text('md_paths', 1)")).isEqualTo("x");
      assertThat(headersOf(c, "md_paths", id)).isEqualTo(jsonb(c, HEADERS));
    }
  }

  @Test
  void everyClaimForm_returnsTheHeadersLast(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_claims", "jsonb");
      String want = jsonb(c, HEADERS);
      for (String claim : new String[] {"pg_mq_claim_text('md_claims', 1)", "pg_mq_claim_bin('md_claims', 1)",
          "pg_mq_claim_jsonb('md_claims', 1)"}) {
        sendWith(c, "md_claims", "{\"n\": 1}", HEADERS, null);
        assertThat(value(c, String.class, "SELECT headers::text FROM " + claim)).as(claim).isEqualTo(want);
      }
      c.setAutoCommit(false);
      for (String claim : new String[] {"pg_mq_claim_locked_text('md_claims', 1)",
          "pg_mq_claim_locked_bin('md_claims', 1)", "pg_mq_claim_locked_jsonb('md_claims', 1)"}) {
        sendWith(c, "md_claims", "{\"n\": 2}", HEADERS, null);
        assertThat(value(c, String.class, "SELECT headers::text FROM " + claim)).as(claim).isEqualTo(want);
        c.rollback();
      }
    }
  }

  @Test
  void bytePayloadWithHeaders_goesToTheByteaChannel(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_bytes", "bytea");
      long id = value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('md_bytes', '\\x0102'::bytea,"
          + " in_headers => ?::jsonb)", HEADERS);

      assertThat(headersOf(c, "md_bytes", id)).isEqualTo(jsonb(c, HEADERS));
      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_bin('md_bytes', 1)"))
          .containsExactly(1, 2);
    }
  }

  @Test
  void headersWithNonStringValue_raisePq005NamingTheKey(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_bad", "text");

      PSQLException e = sqlError(() -> sendWith(c, "md_bad", "x", "{\"n\": 1}", null));
      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).contains("channel \"md_bad\"").contains("header \"n\" must be a string");
    }
  }

  @Test
  void headersOverTheLimit_raisePq005NamingTheSize(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_big", "text");
      String big = "{\"k\": \"" + "v".repeat(8200) + "\"}";

      PSQLException e = sqlError(() -> sendWith(c, "md_big", "x", big, null));
      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).contains("more than the limit of 8192 bytes");
    }
  }

  @Test
  void directInsertOfBadHeaders_violatesTheCheck(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_direct", "text");

      PSQLException e = sqlError(() -> exec(c,
          "INSERT INTO pg_mq_queue_md_direct (payload, headers) VALUES ('x', '[1]')"));
      assertThat(e.getSQLState()).isEqualTo("23514");
      assertThat(message(e)).contains("pg_mq_headers_valid");
    }
  }

  @Test
  void duplicateKey_returnsTheHolderAndInsertsNothing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_dup", "text");
      Map<String, Object> first = sendKeyed(c, "md_dup", "a", "invoice-42");
      Map<String, Object> second = sendKeyed(c, "md_dup", "b", "invoice-42");

      assertThat(first).containsEntry("duplicate", false);
      assertThat(second).containsEntry("duplicate", true).containsEntry("msg_id", first.get("msg_id"));
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_md_dup")).isEqualTo(1L);
    }
  }

  @Test
  void deadMessage_keepsItsKeyTaken(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_dead", "text");
      long id = (Long) sendKeyed(c, "md_dead", "a", "k").get("msg_id");
      UUID token = value(c, UUID.class, "SELECT lease_token FROM pg_mq_claim_text('md_dead', 1)");
      exec(c, "SELECT pg_mq_reject('md_dead', ?, ?, 'poison')", id, token);

      assertThat(sendKeyed(c, "md_dead", "b", "k")).containsEntry("duplicate", true).containsEntry("msg_id", id);
    }
  }

  @Test
  void noWindow_ackReleasesTheKey(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_nowin", "text");
      long id = (Long) sendKeyed(c, "md_nowin", "a", "k").get("msg_id");
      ack(c, "md_nowin", id);

      Map<String, Object> again = sendKeyed(c, "md_nowin", "b", "k");
      assertThat(again).containsEntry("duplicate", false);
      assertThat(again.get("msg_id")).isNotEqualTo(id);
    }
  }

  @Test
  void window_holdsTheKeyAfterAck_andLetsGoAfterIt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_win", "text");
      exec(c, "SELECT pg_mq_set_dedup_window('md_win', interval '1 hour')");
      long id = (Long) sendKeyed(c, "md_win", "a", "daily").get("msg_id");
      ack(c, "md_win", id);

      assertThat(sendKeyed(c, "md_win", "b", "daily")).containsEntry("duplicate", true).containsEntry("msg_id", id);

      // the window passes: as if sent two hours ago
      exec(c, "UPDATE pg_mq_queue_md_win SET sent_at = now() - interval '2 hours' WHERE msg_id = ?", id);
      Map<String, Object> later = sendKeyed(c, "md_win", "c", "daily");
      assertThat(later).containsEntry("duplicate", false);
      assertThat(later.get("msg_id")).isNotEqualTo(id);
    }
  }

  @Test
  void purge_keepsADoneKeyedMessageWithinItsWindow(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_purge", "text");
      exec(c, "SELECT pg_mq_set_dedup_window('md_purge', interval '1 hour')");
      long id = (Long) sendKeyed(c, "md_purge", "a", "k").get("msg_id");
      ack(c, "md_purge", id);

      assertThat(value(c, Long.class, "SELECT pg_mq_purge('md_purge', interval '0')")).isZero();
      exec(c, "UPDATE pg_mq_queue_md_purge SET sent_at = now() - interval '2 hours' WHERE msg_id = ?", id);
      assertThat(value(c, Long.class, "SELECT pg_mq_purge('md_purge', interval '0')")).isEqualTo(1L);
    }
  }

  @Test
  void negativeWindow_raisesPq005(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_negwin", "text");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_set_dedup_window('md_negwin', interval '-1 second')"));
      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).contains("dedup window must not be negative");
    }
  }

  @Test
  void duplicateInATransactionThatRollsBack_leavesTheHolder(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "md_tx", "text");
      long id = (Long) sendKeyed(c, "md_tx", "a", "k").get("msg_id");
      c.setAutoCommit(false);
      assertThat(sendKeyed(c, "md_tx", "b", "k")).containsEntry("duplicate", true);
      c.rollback();
      c.setAutoCommit(true);

      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_md_tx")).isEqualTo(1L);
      assertThat(sendKeyed(c, "md_tx", "c", "k")).containsEntry("msg_id", id);
    }
  }

  @Test
  void concurrentSend_waitsForTheFirst_thenSeesItsCommit(PgmqDatabase db) throws Exception {
    try (Connection first = db.connect(); Connection second = db.connect()) {
      createQueue(first, "md_race", "text");
      first.setAutoCommit(false);
      long id = (Long) sendKeyed(first, "md_race", "a", "k").get("msg_id");
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Map<String, Object>> waiting = pool.submit(() -> sendKeyed(second, "md_race", "b", "k"));
        awaitBlocked(first, "md_race");
        first.commit();

        assertThat(waiting.get(30, TimeUnit.SECONDS)).containsEntry("duplicate", true).containsEntry("msg_id", id);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void concurrentSend_insertsItsOwnWhenTheFirstRollsBack(PgmqDatabase db) throws Exception {
    try (Connection first = db.connect(); Connection second = db.connect()) {
      createQueue(first, "md_race_rb", "text");
      first.setAutoCommit(false);
      long id = (Long) sendKeyed(first, "md_race_rb", "a", "k").get("msg_id");
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Map<String, Object>> waiting = pool.submit(() -> sendKeyed(second, "md_race_rb", "b", "k"));
        awaitBlocked(first, "md_race_rb");
        first.rollback();

        Map<String, Object> got = waiting.get(30, TimeUnit.SECONDS);
        assertThat(got).containsEntry("duplicate", false);
        assertThat(got.get("msg_id")).isNotEqualTo(id);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void fourSessionsSendingTheSameThousandKeys_makeAThousandMessages(PgmqDatabase db) throws Exception {
    int sessions = 4;
    int keys = 1000;
    try (Connection c = db.connect()) {
      createQueue(c, "md_many", "text");
    }
    ExecutorService pool = Executors.newFixedThreadPool(sessions);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Map<String, Long>>> results = new ArrayList<>();
      for (int s = 0; s < sessions; s++) {
        long seed = s;
        results.add(pool.submit(() -> {
          List<Integer> order = new ArrayList<>();
          for (int k = 0; k < keys; k++) {
            order.add(k);
          }
          Collections.shuffle(order, new Random(seed));
          Map<String, Long> got = new HashMap<>();
          try (Connection c = db.connect()) {
            start.await(30, TimeUnit.SECONDS);
            for (int k : order) {
              got.put("key-" + k, (Long) sendKeyed(c, "md_many", "p", "key-" + k).get("msg_id"));
            }
          }
          return got;
        }));
      }
      start.countDown();
      try (Connection c = db.connect()) {
        Map<String, Long> holders = new HashMap<>();
        for (Future<Map<String, Long>> result : results) {
          Map<String, Long> got = result.get(90, TimeUnit.SECONDS);
          assertThat(got).hasSize(keys);
          if (holders.isEmpty()) {
            for (Map<String, Object> r : Sql.rows(c, "SELECT dedup_key, msg_id FROM pg_mq_queue_md_many")) {
              holders.put((String) r.get("dedup_key"), (Long) r.get("msg_id"));
            }
          }
          assertThat(got).isEqualTo(holders);
        }
        assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_md_many")).isEqualTo((long) keys);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long sendWith(Connection c, String channel, String payload, String headers, String key)
      throws SQLException {
    return value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message(?, ?::text, in_headers => ?::jsonb,"
        + " in_dedup_key => ?)", channel, payload, headers, key);
  }

  private static Map<String, Object> sendKeyed(Connection c, String channel, String payload, String key)
      throws SQLException {
    return row(c, "SELECT msg_id, duplicate FROM pg_mq_send_message(?, ?::text, in_dedup_key => ?)", channel,
        payload, key);
  }

  private static void ack(Connection c, String channel, long id) throws SQLException {
    UUID token = value(c, UUID.class, "SELECT lease_token FROM pg_mq_claim_text(?::name, 1)", channel);
    exec(c, "SELECT pg_mq_ack(?, ?, ?)", channel, id, token);
  }

  private static String headersOf(Connection c, String channel, long id) throws SQLException {
    return value(c, String.class, "SELECT headers::text FROM pg_mq_headers(?, ARRAY[?]::bigint[])", channel, id);
  }

  private static String jsonb(Connection c, String json) throws SQLException {
    return value(c, String.class, "SELECT ?::jsonb::text", json);
  }

  /** Waits (with a deadline) until a session waits on a lock held by first's transaction. */
  private static void awaitBlocked(Connection first, String channel) throws SQLException, InterruptedException {
    int pid = value(first, Integer.class, "SELECT pg_backend_pid()");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    // first is idle in its open transaction, so it can ask who waits for it
    while (value(first, Long.class, "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))",
        pid) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("channel " + channel + ": the second send never waited for the first");
      }
      Thread.sleep(10);
    }
  }
}
