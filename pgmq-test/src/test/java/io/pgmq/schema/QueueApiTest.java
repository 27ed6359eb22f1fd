package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.sendBytes;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.tableExists;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** The 2012 pg_message_queue API as a psql user calls it, one channel per test. */
@PgmqTest
class QueueApiTest {

  @Test
  void createQueue_createsTableCatalogRowAndNotifyTrigger(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      Map<String, Object> created = row(c, "SELECT * FROM pg_mq_create_queue('api_create', 'text')");

      assertThat(created).containsEntry("channel", "api_create")
          .containsEntry("table_name", "pg_mq_queue_api_create")
          .containsEntry("payload_type", "text");
      assertThat(tableExists(c, "public", "pg_mq_queue_api_create")).isTrue();
      assertThat(row(c, "SELECT table_name, payload_type FROM pg_mq_config_catalog WHERE channel = 'api_create'"))
          .containsEntry("table_name", "pg_mq_queue_api_create")
          .containsEntry("payload_type", "text");
      assertThat(column(c, String.class,
              "SELECT tgname FROM pg_trigger WHERE tgrelid = 'pg_mq_queue_api_create'::regclass"))
          .containsExactly("pg_mq_notify");
    }
  }

  @Test
  void createQueue_existingChannel_raisesPQ002NamingIt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_twice", "text");

      PSQLException e = sqlError(() -> createQueue(c, "api_twice", "xml"));

      assertThat(e.getSQLState()).isEqualTo("PQ002");
      assertThat(message(e)).isEqualTo("channel \"api_twice\" already exists");
    }
  }

  @Test
  void createQueue_unknownType_raisesPQ005NamingTheType(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> createQueue(c, "api_json", "json"));

      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).contains("api_json", "'json'", "text, xml, bytea or jsonb");
      assertThat(tableExists(c, "public", "pg_mq_queue_api_json")).isFalse();
    }
  }

  @Test
  void sendMessage_returnsStoredRowWithSessionUserAndNotDelivered(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_send", "text");

      Map<String, Object> sent = row(c, "SELECT * FROM pg_mq_send_message('api_send', 'hello'::text)");

      assertThat(sent.keySet()).containsExactly("msg_id", "sent_at", "sent_by", "was_delivered", "payload",
          "duplicate");
      assertThat(sent).containsEntry("sent_by", db.user())
          .containsEntry("was_delivered", false)
          .containsEntry("payload", "hello");
      assertThat((Long) sent.get("msg_id")).isPositive();
      assertThat(row(c, "SELECT sent_at = ? AS same FROM pg_mq_queue_api_send", sent.get("sent_at")))
          .containsEntry("same", true);
    }
  }

  @Test
  void sendMessage_quotedLiteralAsInTheSeedReadme_works(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "test_queue", "text");

      Map<String, Object> sent = row(c, "SELECT * FROM pg_mq_send_message('test_queue', 'Read This')");

      assertThat(sent).containsEntry("payload", "Read This");
      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_queue_test_queue")).isEqualTo("Read This");
    }
  }

  @Test
  void getMsgText_returnsOldestFirstAtMostN_andMarksThemDelivered(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_get", "text");
      long first = sendText(c, "api_get", "one");
      long second = sendText(c, "api_get", "two");
      sendText(c, "api_get", "three");

      List<Map<String, Object>> got = rows(c, "SELECT * FROM pg_mq_get_msg_text('api_get', 2)");

      assertThat(got).extracting(r -> r.get("msg_id")).containsExactly(first, second);
      assertThat(got).extracting(r -> r.get("payload")).containsExactly("one", "two");
      // 2012's four columns first, as its README promises; V14 adds the headers last (GetterHeadersTest)
      assertThat(got.get(0).keySet()).containsExactly("msg_id", "sent_by", "was_delivered", "payload", "headers");
      assertThat(got).allSatisfy(r -> assertThat(r).containsEntry("was_delivered", true)
          .containsEntry("sent_by", db.user()));
      assertThat(column(c, Long.class, "SELECT msg_id FROM pg_mq_queue_api_get WHERE was_delivered ORDER BY 1"))
          .containsExactly(first, second);
    }
  }

  @Test
  void getMsgText_neverReturnsAMessageTwice(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_once", "text");
      sendText(c, "api_once", "one");
      sendText(c, "api_once", "two");

      List<String> firstRead = column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('api_once', 10)");
      List<String> secondRead = column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('api_once', 10)");

      assertThat(firstRead).containsExactly("one", "two");
      assertThat(secondRead).isEmpty();
    }
  }

  @Test
  void getMsgText_onByteaChannel_raisesPQ004PointingToGetMsgBin(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_bytes", "bytea");
      sendBytes(c, "api_bytes", new byte[] {1, 2, 3});

      PSQLException e = sqlError(() -> rows(c, "SELECT * FROM pg_mq_get_msg_text('api_bytes', 1)"));

      assertThat(e.getSQLState()).isEqualTo("PQ004");
      assertThat(message(e)).isEqualTo("channel \"api_bytes\" holds bytea payloads, which cannot be read as text");
      assertThat(Sql.hint(e)).contains("pg_mq_get_msg_bin");
    }
  }

  @Test
  void getMsgBin_readsTextXmlAndByteaChannels(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_bin_text", "text");
      createQueue(c, "api_bin_xml", "xml");
      createQueue(c, "api_bin_bytea", "bytea");
      sendText(c, "api_bin_text", "grüße");
      sendText(c, "api_bin_xml", "<a>b</a>");
      sendBytes(c, "api_bin_bytea", new byte[] {0, (byte) 0xff});

      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_bin('api_bin_text', 1)"))
          .isEqualTo("grüße".getBytes(StandardCharsets.UTF_8));
      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_bin('api_bin_xml', 1)"))
          .isEqualTo("<a>b</a>".getBytes(StandardCharsets.UTF_8));
      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_bin('api_bin_bytea', 1)"))
          .isEqualTo(new byte[] {0, (byte) 0xff});
    }
  }

  /** V11: as in 2012, a by-id fetch of a delivered message returns it again (ByIdGetterTest has the rest). */
  @Test
  void getMsgIdText_returnsThatMessageMarkedDelivered_andAgainOnceDelivered(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_by_id", "text");
      sendText(c, "api_by_id", "older");
      long wanted = sendText(c, "api_by_id", "wanted");

      List<Map<String, Object>> first = rows(c, "SELECT * FROM pg_mq_get_msg_id_text('api_by_id', ?)", wanted);
      List<Map<String, Object>> again = rows(c, "SELECT * FROM pg_mq_get_msg_id_text('api_by_id', ?)", wanted);

      assertThat(first).singleElement()
          .satisfies(r -> assertThat(r).containsEntry("msg_id", wanted).containsEntry("payload", "wanted")
              .containsEntry("was_delivered", true));
      assertThat(again).isEqualTo(first);
      assertThat(column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('api_by_id', 10)"))
          .containsExactly("older");
    }
  }

  @Test
  void getMsgIdBin_returnsThatMessageMarkedDelivered_andAgainOnceDelivered(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_by_id_bin", "bytea");
      long wanted = sendBytes(c, "api_by_id_bin", new byte[] {42});

      List<Map<String, Object>> first = rows(c, "SELECT * FROM pg_mq_get_msg_id_bin('api_by_id_bin', ?)", wanted);
      List<Map<String, Object>> again = rows(c, "SELECT * FROM pg_mq_get_msg_id_bin('api_by_id_bin', ?)", wanted);

      assertThat(first).singleElement().satisfies(r -> assertThat((byte[]) r.get("payload")).containsExactly(42));
      assertThat(again).singleElement().satisfies(r -> assertThat((byte[]) r.get("payload")).containsExactly(42));
      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_bin('api_by_id_bin', 10)")).isEmpty();
    }
  }

  @Test
  void getMsgText_zeroMessages_raisesPQ005NamingTheChannel(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_zero", "text");

      PSQLException e = sqlError(() -> rows(c, "SELECT * FROM pg_mq_get_msg_text('api_zero', 0)"));

      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).contains("\"api_zero\"", "at least 1, was 0");
    }
  }

  @Test
  void dropQueue_removesTableAndCatalogRow(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_drop", "text");
      sendText(c, "api_drop", "gone soon");

      exec(c, "SELECT pg_mq_drop_queue('api_drop', in_force => true)");  // V10: a channel holding messages needs force

      assertThat(tableExists(c, "public", "pg_mq_queue_api_drop")).isFalse();
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_config_catalog WHERE channel = 'api_drop'"))
          .isZero();
    }
  }

  @Test
  void sentAt_isTheTransactionTimestamp(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "api_sent_at", "text");

      OffsetDateTime sentAt = value(c, OffsetDateTime.class,
          "SELECT sent_at FROM pg_mq_send_message('api_sent_at', 'x'::text)");

      assertThat(value(c, OffsetDateTime.class, "SELECT sent_at FROM pg_mq_queue_api_sent_at")).isEqualTo(sentAt);
    }
  }
}
