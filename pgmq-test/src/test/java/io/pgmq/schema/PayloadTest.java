package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.sendBytes;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;

/** Payloads arrive exactly as sent, whatever they contain; the wrong kind is refused with the channel named. */
@PgmqTest
class PayloadTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "'); DROP TABLE pg_mq_config_catalog; --",
      "$$; SELECT pg_sleep(10); $$",
      "\\x00 \\\\ \" ' %I %L %s $1",
      "😀 emoji, 中文 CJK, e\u0301 combining, \u200b zero width, \uFEFF BOM"})
  void textPayload_roundTripsUnchanged(String payload, PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      String channel = "payload_text_" + Integer.toHexString(payload.hashCode() & 0xfffffff);
      createQueue(c, channel, "text");
      sendText(c, channel, payload);

      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_get_msg_text(?, 1)", channel))
          .isEqualTo(payload);
    }
  }

  @Test
  void byteaPayload_allByteValues_roundTripUnchanged(PgmqDatabase db) throws SQLException {
    byte[] every = new byte[256];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    try (Connection c = db.connect()) {
      createQueue(c, "payload_bytes", "bytea");
      sendBytes(c, "payload_bytes", every);

      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_bin('payload_bytes', 1)"))
          .isEqualTo(every);
    }
  }

  @Test
  void textPayload_ofOneMegabyte_roundTripsUnchanged(PgmqDatabase db) throws SQLException {
    StringBuilder big = new StringBuilder(1 << 20);
    for (int i = 0; big.length() < (1 << 20); i++) {
      big.append(i).append(',');
    }
    String payload = big.substring(0, 1 << 20);
    try (Connection c = db.connect()) {
      createQueue(c, "payload_big", "text");
      sendText(c, "payload_big", payload);

      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('payload_big', 1)"))
          .isEqualTo(payload);
    }
  }

  @Test
  void byteaPayload_ofOneMegabyte_roundTripsUnchanged(PgmqDatabase db) throws SQLException {
    byte[] payload = new byte[1 << 20];
    new java.util.Random(42).nextBytes(payload);
    try (Connection c = db.connect()) {
      createQueue(c, "payload_big_bytes", "bytea");
      sendBytes(c, "payload_big_bytes", payload);

      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_bin('payload_big_bytes', 1)"))
          .isEqualTo(payload);
    }
  }

  @Test
  void xmlPayload_malformed_raises2200NNamingTheChannel(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "payload_xml_bad", "xml");

      PSQLException e = sqlError(() -> sendText(c, "payload_xml_bad", "<order><id>1</order>"));

      assertThat(e.getSQLState()).isEqualTo("2200N");
      assertThat(message(e)).isEqualTo("channel \"payload_xml_bad\" holds xml payloads: the payload is not well-formed XML");
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_payload_xml_bad")).isZero();
    }
  }

  @Test
  void xmlPayload_wellFormed_isAcceptedAndReadAsText(PgmqDatabase db) throws SQLException {
    String doc = "<?xml version=\"1.0\"?><order id=\"1\"><item>ünïcode &amp; more</item></order>";
    try (Connection c = db.connect()) {
      createQueue(c, "payload_xml_good", "xml");
      sendText(c, "payload_xml_good", doc);

      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('payload_xml_good', 1)"))
          .contains("<order id=\"1\"><item>ünïcode &amp; more</item></order>");
    }
  }

  @Test
  void byteaPayload_sentToTextChannel_raisesPQ004NamingTheChannel(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "payload_wrong_kind", "text");

      PSQLException e = sqlError(() -> sendBytes(c, "payload_wrong_kind", new byte[] {1}));

      assertThat(e.getSQLState()).isEqualTo("PQ004");
      assertThat(message(e)).isEqualTo("channel \"payload_wrong_kind\" holds text payloads, got bytea");
    }
  }

  @Test
  void textPayload_sentToByteaChannel_raisesPQ004NamingTheChannel(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "payload_wants_bytes", "bytea");

      PSQLException e = sqlError(() -> sendText(c, "payload_wants_bytes", "text"));

      assertThat(e.getSQLState()).isEqualTo("PQ004");
      assertThat(message(e)).isEqualTo("channel \"payload_wants_bytes\" holds bytea payloads, got text");
    }
  }

  @Test
  void nullPayload_raises22004NamingTheChannel(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "payload_null", "text");

      PSQLException e = sqlError(() -> sendText(c, "payload_null", null));

      assertThat(e.getSQLState()).isEqualTo("22004");
      assertThat(message(e)).isEqualTo("channel \"payload_null\": payload is NULL");
    }
  }
}
