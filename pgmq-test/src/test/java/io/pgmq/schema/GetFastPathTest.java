package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendBytes;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * V11 generates the four getters with one static statement per channel (planned once per session), routed by a
 * binary search over the names, as V4 did for send. Every channel must be read from its own table by every getter,
 * whatever the catalog's size and order; a channel the generated code does not know yet must still be read, through
 * the dynamic fallback, with the same errors.
 */
@PgmqTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GetFastPathTest {

  private static final List<String> GETTERS = List.of("pg_mq_get_msg_text", "pg_mq_get_msg_bin",
      "pg_mq_get_msg_id_text", "pg_mq_get_msg_id_bin");

  @Test
  void getters_withManyChannels_readEachChannelsOwnTable(PgmqDatabase db) throws SQLException {
    List<String> channels = new ArrayList<>();
    try (Connection c = db.connect()) {
      // names that sort differently in "C" and in natural-language collations ('_' and digits); all three types
      for (int i = 0; i < 70; i++) {
        String name = "get_" + (i % 2 == 0 ? "_" : "a") + i + (i % 3 == 0 ? "z" : "");
        createQueue(c, name, type(i));
        channels.add(name);
      }
      List<long[]> ids = new ArrayList<>();
      for (int i = 0; i < channels.size(); i++) {
        String name = channels.get(i);
        long[] sent = new long[3];
        for (int k = 0; k < sent.length; k++) {
          String payload = type(i).equals("xml") ? "<m>" + name + k + "</m>" : name + k;
          sent[k] = type(i).equals("bytea") ? sendBytes(c, name, payload.getBytes(StandardCharsets.UTF_8))
              : sendText(c, name, payload);
        }
        ids.add(sent);
      }
      for (int i = 0; i < channels.size(); i++) {
        String name = channels.get(i);
        boolean bytes = type(i).equals("bytea");
        String expected = type(i).equals("xml") ? "<m>" + name + "%d</m>" : name + "%d";
        String byId = bytes ? "convert_from(payload, 'UTF8') FROM pg_mq_get_msg_id_bin(?, ?)"
            : "payload FROM pg_mq_get_msg_id_text(?, ?)";
        String batch = bytes || i % 2 == 0 ? "convert_from(payload, 'UTF8') FROM pg_mq_get_msg_bin(?, 1)"
            : "payload FROM pg_mq_get_msg_text(?, 1)";

        assertThat(value(c, String.class, "SELECT " + byId, name, ids.get(i)[2]))
            .as("by id from channel %s", name).isEqualTo(expected.formatted(2));
        assertThat(value(c, String.class, "SELECT " + batch, name))
            .as("oldest from channel %s", name).isEqualTo(expected.formatted(0));
        assertThat(value(c, String.class, "SELECT convert_from(payload, 'UTF8') FROM pg_mq_get_msg_id_bin(?, ?)",
                name, ids.get(i)[1]))
            .as("by id as bytes from channel %s", name).isEqualTo(expected.formatted(1));
      }
    }
  }

  @Test
  void getters_onChannelsTheGeneratedCodeDoesNotKnow_goThroughTheDynamicFallback(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      run(c, "ALTER TABLE pg_mq_config_catalog DISABLE TRIGGER pg_mq_catalog_changed_get");
      createQueue(c, "unrouted_get_text", "text");
      createQueue(c, "unrouted_get_bytes", "bytea");
      run(c, "ALTER TABLE pg_mq_config_catalog ENABLE TRIGGER pg_mq_catalog_changed_get");
      for (String getter : GETTERS) {
        assertThat(generatedBody(c, getter)).as(getter).doesNotContain("unrouted_get");
      }
      sendText(c, "unrouted_get_text", "one");
      long two = sendText(c, "unrouted_get_text", "two");
      long bytes = sendBytes(c, "unrouted_get_bytes", new byte[] {9});

      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_get_msg_id_text('unrouted_get_text', ?)", two))
          .isEqualTo("two");
      assertThat(column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('unrouted_get_text', 10)"))
          .containsExactly("one");
      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_id_bin('unrouted_get_text', ?)", two))
          .isEqualTo("two".getBytes(StandardCharsets.UTF_8));
      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_bin('unrouted_get_bytes', 10)"))
          .isEqualTo(new byte[] {9});
      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_id_bin('unrouted_get_bytes', ?)", bytes))
          .isEqualTo(new byte[] {9});
      assertThat(sqlError(() -> column(c, String.class,
              "SELECT payload FROM pg_mq_get_msg_text('unrouted_get_bytes', 1)")).getSQLState())
          .isEqualTo("PQ004");
      assertThat(sqlError(() -> column(c, String.class,
              "SELECT payload FROM pg_mq_get_msg_text('unrouted_get_text', 0)")).getSQLState())
          .isEqualTo("PQ005");
    }
  }

  @Test
  void getters_ofARoutedChannel_runAStaticStatementWithoutASetClause(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "static_get", "text");

      for (String getter : GETTERS) {
        String body = generatedBody(c, getter);
        String routed = body.substring(body.indexOf("'static_get'"), body.indexOf("v_routed := false"));
        assertThat(routed).as(getter).contains("public.pg_mq_queue_static_get").doesNotContain("EXECUTE");
        assertThat(value(c, Boolean.class, "SELECT proconfig IS NULL FROM pg_proc WHERE oid = ?::regproc", getter))
            .as("no SET clause on %s", getter).isTrue();
      }
    }
  }

  @Test
  void getters_withAnInvalidCountOrChannel_raiseTheSameErrorsAsBefore(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "get_errors", "bytea");

      assertThat(Sql.message(sqlError(() -> column(c, Long.class,
              "SELECT msg_id FROM pg_mq_get_msg_bin('get_errors', 0)"))))
          .isEqualTo("channel \"get_errors\": in_num_messages must be at least 1, was 0");
      assertThat(Sql.message(sqlError(() -> column(c, Long.class,
              "SELECT msg_id FROM pg_mq_get_msg_text('get_errors', NULL)"))))
          .isEqualTo("channel \"get_errors\": in_num_messages must be at least 1, was NULL");
      assertThat(Sql.message(sqlError(() -> column(c, Long.class,
              "SELECT msg_id FROM pg_mq_get_msg_id_text('get_errors', 1)"))))
          .isEqualTo("channel \"get_errors\" holds bytea payloads, which cannot be read as text");
      assertThat(sqlError(() -> column(c, Long.class, "SELECT msg_id FROM pg_mq_get_msg_text('get_nowhere', 1)"))
          .getSQLState()).isEqualTo("PQ001");
      assertThat(sqlError(() -> column(c, Long.class, "SELECT msg_id FROM pg_mq_get_msg_id_bin('Get-Nowhere', 1)"))
          .getSQLState()).isEqualTo("PQ003");
      assertThat(sqlError(() -> column(c, Long.class, "SELECT msg_id FROM pg_mq_get_msg_bin(NULL, 1)"))
          .getSQLState()).isEqualTo("PQ003");
    }
  }

  @Test
  void createQueue_fromTwoSessionsAtOnce_routesBothChannelsInEveryGetter(PgmqDatabase db) throws Exception {
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Object>> creators = new ArrayList<>();
      for (String name : List.of("concurrent_get_one", "concurrent_get_two")) {
        creators.add(pool.submit(() -> {
          try (Connection c = db.connect()) {
            together.await(30, TimeUnit.SECONDS);
            createQueue(c, name, "text");
          }
          return null;
        }));
      }
      for (Future<Object> creator : creators) {
        creator.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = db.connect()) {
      for (String getter : GETTERS) {
        assertThat(generatedBody(c, getter)).as(getter)
            .contains("'concurrent_get_one'").contains("'concurrent_get_two'");
      }
    }
  }

  @Test
  void dropQueue_removesTheChannelFromTheGeneratedGetters(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "short_lived_get", "text");
      run(c, "SELECT pg_mq_drop_queue('short_lived_get')");

      for (String getter : GETTERS) {
        assertThat(generatedBody(c, getter)).as(getter).doesNotContain("short_lived_get");
      }
    }
  }

  /**
   * The rebuild serialises on a lock of the catalog that a role without grants can neither take nor hold (an advisory
   * lock's key anyone can take): such a role, reading the catalog in an open transaction, does not hold it back.
   */
  @Test
  void rebuildGet_isNotHeldBackByARoleWithoutGrants(PgmqDatabase db) throws SQLException {
    TestRoles roles = new TestRoles(db);
    try {
      String outsider = roles.create("get_outsider");
      try (Connection c = db.connect()) {
        run(c, "GRANT USAGE ON SCHEMA public TO " + Sql.quote(outsider));
      }
      try (Connection other = roles.connectAs(outsider); Connection c = db.connect()) {
        other.setAutoCommit(false);
        assertThat(sqlError(() -> run(other, "LOCK TABLE pg_mq_config_catalog IN SHARE UPDATE EXCLUSIVE MODE"))
            .getSQLState()).isEqualTo("42501");
        other.rollback();
        // what it can hold: a read of the catalog in an open transaction, and any advisory lock, such as the key a
        // rebuild serialised on an advisory lock would use
        value(other, Long.class, "SELECT count(*) FROM pg_mq_config_catalog");
        run(other, "SELECT pg_advisory_lock(hashtext('public.pg_mq_get_msg'))");
        run(c, "SET lock_timeout = '5s'");

        exec(c, "SELECT pg_mq_rebuild_get()");

        other.rollback();
        run(other, "SELECT pg_advisory_unlock_all()");
      }
    } finally {
      roles.dropAll();
    }
  }

  private static String type(int i) {
    return i % 5 == 0 ? "bytea" : i % 5 == 1 ? "xml" : "text";
  }

  private static String generatedBody(Connection c, String getter) throws SQLException {
    return value(c, String.class, "SELECT prosrc FROM pg_proc WHERE oid = ?::regproc", getter);
  }
}
