package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The 2012 version's double delivery: concurrent receivers must each get a disjoint share. */
@PgmqTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentDrainTest {

  private static final int SESSIONS = 4;
  private static final int MESSAGES = 20_000;
  private static final int BATCH = 50;

  @Test
  void getMsgText_fourSessionsAtOnce_receiveEachMessageExactlyOnce(PgmqDatabase db) throws Exception {
    fill(db, "drain_get");

    List<Long> received = drain(db, c -> {
      List<Long> ids = new ArrayList<>();
      for (Map<String, Object> r : rows(c, "SELECT msg_id FROM pg_mq_get_msg_text('drain_get', ?)", BATCH)) {
        ids.add((Long) r.get("msg_id"));
      }
      return ids;
    });

    assertExactlyOnce(db, "drain_get", received);
  }

  @Test
  void claimTextAndAck_fourSessionsAtOnce_ackEachMessageExactlyOnce(PgmqDatabase db) throws Exception {
    fill(db, "drain_claim");

    List<Long> acked = drain(db, c -> {
      List<Long> ids = new ArrayList<>();
      List<UUID> tokens = new ArrayList<>();
      for (Map<String, Object> r : rows(c,
          "SELECT msg_id, lease_token FROM pg_mq_claim_text('drain_claim', ?, interval '10 minutes')", BATCH)) {
        ids.add((Long) r.get("msg_id"));
        tokens.add((UUID) r.get("lease_token"));
      }
      if (ids.isEmpty()) {
        return ids;
      }
      List<Long> done = new ArrayList<>();
      for (Map<String, Object> r : rows(c, "SELECT * FROM pg_mq_ack('drain_claim', ?, ?) AS a(msg_id)",
          c.createArrayOf("bigint", ids.toArray()), c.createArrayOf("uuid", tokens.toArray()))) {
        done.add((Long) r.get("msg_id"));
      }
      assertThat(done).as("acked of claimed").containsExactlyInAnyOrderElementsOf(ids);
      return done;
    });

    assertExactlyOnce(db, "drain_claim", acked);
  }

  @Test
  void claimLockedAndComplete_fourSessionsAtOnce_completeEachMessageExactlyOnce(PgmqDatabase db) throws Exception {
    fill(db, "drain_locked");

    List<Long> completed = drain(db, c -> {
      c.setAutoCommit(false);
      try {
        List<Long> ids = column(c, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('drain_locked', ?)", BATCH);
        List<Long> done = ids.isEmpty() ? ids : column(c, Long.class, "SELECT * FROM pg_mq_complete('drain_locked', ?)",
            c.createArrayOf("bigint", ids.toArray()));
        c.commit();
        assertThat(done).as("completed of locked").containsExactlyInAnyOrderElementsOf(ids);
        return done;
      } finally {
        c.setAutoCommit(true);
      }
    });

    assertExactlyOnce(db, "drain_locked", completed);
  }

  private static void fill(PgmqDatabase db, String channel) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, channel, "text");
      exec(c, "SELECT count(*) FROM generate_series(1, ?) g, pg_mq_send_message(?, 'message ' || g)",
          MESSAGES, channel);
    }
  }

  /** Runs SESSIONS sessions, released together by a barrier, each calling batch until it comes back empty. */
  private static List<Long> drain(PgmqDatabase db, Batch batch) throws Exception {
    CyclicBarrier start = new CyclicBarrier(SESSIONS);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(SESSIONS,
        r -> new Thread(r, "pgmq-test-drain-" + n.incrementAndGet()));
    try {
      List<Future<List<Long>>> sessions = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        sessions.add(pool.submit(() -> {
          try (Connection c = db.connect()) {
            List<Long> mine = new ArrayList<>();
            start.await(30, TimeUnit.SECONDS);
            for (List<Long> got = batch.next(c); !got.isEmpty(); got = batch.next(c)) {
              mine.addAll(got);
            }
            return mine;
          }
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> session : sessions) {
        all.addAll(session.get(100, TimeUnit.SECONDS));
      }
      return all;
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("drain threads stopped").isTrue();
    }
  }

  private static void assertExactlyOnce(PgmqDatabase db, String channel, List<Long> received)
      throws SQLException {
    Set<Long> distinct = new HashSet<>(received);
    assertThat(received).as("messages received").hasSize(MESSAGES);
    assertThat(distinct).as("distinct messages received").hasSize(MESSAGES);
    try (Connection c = db.connect()) {
      assertThat(Sql.value(c, Long.class,
              "SELECT count(*) FROM " + Sql.quote("pg_mq_queue_" + channel) + " WHERE NOT was_delivered"))
          .isZero();
    }
  }

  @FunctionalInterface
  private interface Batch {
    List<Long> next(Connection c) throws SQLException;
  }
}
