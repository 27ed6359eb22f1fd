package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
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
 * V4 generates pg_mq_send_message with one static INSERT per channel, routed by a binary search over the names.
 * Every channel must land in its own table, whatever the catalog's size and order, and a channel the generated
 * code does not know yet must still be sent to, through the dynamic fallback.
 */
@PgmqTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SendFastPathTest {

  @Test
  void send_withManyChannels_landsEachMessageInItsOwnChannelsTable(PgmqDatabase db) throws SQLException {
    List<String> channels = new ArrayList<>();
    try (Connection c = db.connect()) {
      // names that sort differently in "C" and in natural-language collations ('_' and digits), both types
      for (int i = 0; i < 70; i++) {
        String name = "route_" + (i % 2 == 0 ? "_" : "a") + i + (i % 3 == 0 ? "z" : "");
        createQueue(c, name, i % 5 == 0 ? "bytea" : "text");
        channels.add(name);
      }
      for (int i = 0; i < channels.size(); i++) {
        String name = channels.get(i);
        if (i % 5 == 0) {
          sendBytes(c, name, name.getBytes(StandardCharsets.UTF_8));
        } else {
          sendText(c, name, name);
        }
      }
      for (int i = 0; i < channels.size(); i++) {
        String name = channels.get(i);
        String cast = i % 5 == 0 ? "convert_from(payload, 'UTF8')" : "payload";
        assertThat(value(c, String.class, "SELECT string_agg(" + cast + ", ',') FROM " + Sql.quote("pg_mq_queue_" + name)))
            .as("messages in the table of channel %s", name)
            .isEqualTo(name);
      }
    }
  }

  @Test
  void send_toChannelTheGeneratedCodeDoesNotKnow_goesThroughTheDynamicFallback(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      run(c, "ALTER TABLE pg_mq_config_catalog DISABLE TRIGGER pg_mq_catalog_changed");
      createQueue(c, "unrouted_text", "text");
      createQueue(c, "unrouted_bytes", "bytea");
      run(c, "ALTER TABLE pg_mq_config_catalog ENABLE TRIGGER pg_mq_catalog_changed");
      assertThat(value(c, String.class, "SELECT prosrc FROM pg_proc WHERE proname = 'pg_mq_send_message'"
              + " AND proargtypes[1] = 'text'::regtype"))
          .doesNotContain("unrouted_text");

      sendText(c, "unrouted_text", "via fallback");
      sendBytes(c, "unrouted_bytes", new byte[] {1, 2});

      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_queue_unrouted_text")).isEqualTo("via fallback");
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_unrouted_bytes")).isEqualTo(1L);
    }
  }

  @Test
  void createQueue_fromTwoSessionsAtOnce_routesBothChannels(PgmqDatabase db) throws Exception {
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Object>> creators = new ArrayList<>();
      for (String name : List.of("concurrent_one", "concurrent_two")) {
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
      String generated = value(c, String.class, "SELECT prosrc FROM pg_proc WHERE proname = 'pg_mq_send_message'"
          + " AND proargtypes[1] = 'text'::regtype");
      assertThat(generated).contains("'concurrent_one'").contains("'concurrent_two'");
    }
  }

  @Test
  void dropQueue_removesTheChannelFromTheGeneratedSend(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "short_lived", "text");
      run(c, "SELECT pg_mq_drop_queue('short_lived')");
      assertThat(value(c, String.class, "SELECT prosrc FROM pg_proc WHERE proname = 'pg_mq_send_message'"
              + " AND proargtypes[1] = 'text'::regtype"))
          .doesNotContain("short_lived");
    }
  }
}
