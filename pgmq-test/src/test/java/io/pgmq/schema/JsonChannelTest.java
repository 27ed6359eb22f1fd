package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.hint;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * jsonb channels (V12): JSON text in, the text getters and claims return the JSON text, the _bin ones its UTF-8 bytes,
 * the _jsonb ones jsonb; pg_mq_reject makes a message a dead letter at once.
 */
@PgmqTest
class JsonChannelTest {

  private static final String ORDER = "{\"order_id\": 7, \"email\": \"ann@example.com\", \"note\": \"caf\u00e9 \u00fc\"}";

  @Test
  void sendText_thenGetMsgText_returnsTheJsonText(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_text", "jsonb");
      sendText(c, "js_text", ORDER);

      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('js_text', 1)"))
          .isEqualTo(jsonb(c, ORDER));
    }
  }

  @Test
  void sendJsonbValue_thenGetMsgJsonb_readsFieldsWithOperators(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_value", "jsonb");
      long id = value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('js_value', ?::jsonb)", ORDER);

      Map<String, Object> got = row(c, "SELECT msg_id, payload->>'email' AS email, pg_typeof(payload)::text AS type"
          + " FROM pg_mq_get_msg_jsonb('js_value', 10)");
      assertThat(got).containsEntry("msg_id", id).containsEntry("email", "ann@example.com")
          .containsEntry("type", "jsonb");
    }
  }

  @Test
  void getMsgBin_returnsTheJsonTextAsUtf8(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_bin", "jsonb");
      sendText(c, "js_bin", ORDER);

      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_get_msg_bin('js_bin', 1)"))
          .isEqualTo(jsonb(c, ORDER).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void getMsgIdJsonb_returnsThatMessage(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_by_id", "jsonb");
      sendText(c, "js_by_id", "{\"n\": 1}");
      long second = sendText(c, "js_by_id", "{\"n\": 2}");

      assertThat(value(c, String.class, "SELECT payload->>'n' FROM pg_mq_get_msg_id_jsonb('js_by_id', ?)", second))
          .isEqualTo("2");
    }
  }

  @Test
  void claimTextBinAndJsonb_returnTheSamePayloadInTheirForms(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_claim", "jsonb");
      for (int i = 0; i < 3; i++) {
        sendText(c, "js_claim", ORDER);
      }
      String text = jsonb(c, ORDER);

      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_claim_text('js_claim', 1)")).isEqualTo(text);
      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_claim_bin('js_claim', 1)"))
          .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
      assertThat(value(c, String.class, "SELECT payload->>'email' FROM pg_mq_claim_jsonb('js_claim', 1)"))
          .isEqualTo("ann@example.com");
    }
  }

  @Test
  void lockedClaims_returnTheJsonTextBytesAndJsonb(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_locked", "jsonb");
      for (int i = 0; i < 3; i++) {
        sendText(c, "js_locked", "{\"i\": " + i + "}");
      }
      c.setAutoCommit(false);

      assertThat(column(c, String.class, "SELECT payload FROM pg_mq_claim_locked_text('js_locked', 1)"))
          .containsExactly("{\"i\": 0}");
      assertThat(column(c, byte[].class, "SELECT payload FROM pg_mq_claim_locked_bin('js_locked', 1)"))
          .containsExactly("{\"i\": 1}".getBytes(StandardCharsets.UTF_8));
      assertThat(column(c, Integer.class, "SELECT (payload->>'i')::int FROM pg_mq_claim_locked_jsonb('js_locked', 1)"))
          .containsExactly(2);
      c.rollback();
    }
  }

  @Test
  void sendMalformedJson_isRefusedBeforeItIsStored(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_malformed", "jsonb");

      PSQLException e = sqlError(() -> sendText(c, "js_malformed", "{\"order_id\": "));
      assertThat(e.getSQLState()).isEqualTo("22P02");
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_js_malformed")).isZero();
    }
  }

  @Test
  void sendBytea_toAJsonbChannel_isRefusedWithTheFix(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_bytes", "jsonb");

      PSQLException e = sqlError(() -> Sql.sendBytes(c, "js_bytes", new byte[] {1}));
      assertThat(e.getSQLState()).isEqualTo("PQ004");
      assertThat(message(e)).isEqualTo("channel \"js_bytes\" holds jsonb payloads, got bytea");
      assertThat(hint(e)).contains("::jsonb");
    }
  }

  @Test
  void jsonbGetter_onATextChannel_isRefusedNamingTheFormsThatFit(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_plain", "text");

      PSQLException e = sqlError(() -> rows(c, "SELECT * FROM pg_mq_get_msg_jsonb('js_plain', 1)"));
      assertThat(e.getSQLState()).isEqualTo("PQ004");
      assertThat(message(e)).isEqualTo("channel \"js_plain\" holds text payloads, which cannot be read as jsonb");
      assertThat(hint(e)).contains("_text");
    }
  }

  @Test
  void reject_ofALeasedMessage_makesItADeadLetterAtOnce(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_reject", "jsonb");
      exec(c, "SELECT pg_mq_alter_channel('js_reject', in_max_attempts => 5)");
      sendText(c, "js_reject", "{}");
      Map<String, Object> claimed = row(c, "SELECT msg_id, lease_token FROM pg_mq_claim_text('js_reject', 1)");

      exec(c, "SELECT pg_mq_reject('js_reject', ?, ?, 'cannot decode')", claimed.get("msg_id"),
          claimed.get("lease_token"));

      assertThat(row(c, "SELECT msg_id, attempts, last_error FROM pg_mq_dead_letters('js_reject')"))
          .containsEntry("msg_id", claimed.get("msg_id")).containsEntry("attempts", 1)
          .containsEntry("last_error", "cannot decode");
    }
  }

  @Test
  void reject_ofALockedMessage_makesItADeadLetterWhenTheTransactionCommits(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_reject_locked", "jsonb");
      long id = sendText(c, "js_reject_locked", "{}");
      c.setAutoCommit(false);
      rows(c, "SELECT * FROM pg_mq_claim_locked_text('js_reject_locked', 1)");

      exec(c, "SELECT pg_mq_reject('js_reject_locked', ?, NULL, 'cannot decode')", id);
      c.commit();

      assertThat(row(c, "SELECT msg_id, attempts, last_error FROM pg_mq_dead_letters('js_reject_locked')"))
          .containsEntry("msg_id", id).containsEntry("attempts", 1).containsEntry("last_error", "cannot decode");
    }
  }

  @Test
  void reject_withAWrongLeaseToken_raisesLeaseLost(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_reject_lost", "jsonb");
      long id = sendText(c, "js_reject_lost", "{}");
      rows(c, "SELECT * FROM pg_mq_claim_text('js_reject_lost', 1)");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_reject('js_reject_lost', ?, ?, 'e')", id,
          UUID.randomUUID()));
      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(message(e)).startsWith("channel \"js_reject_lost\": reject of message " + id + " failed");
    }
  }

  @Test
  void reject_ofAMessageNobodyHolds_raisesLockLost(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "js_reject_free", "jsonb");
      long id = sendText(c, "js_reject_free", "{}");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_reject('js_reject_free', ?, NULL, 'e')", id));
      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_dead_letters('js_reject_free')")).isZero();
    }
  }

  /** The text PostgreSQL renders for json as jsonb (keys sorted, its own spacing). */
  private static String jsonb(Connection c, String json) throws SQLException {
    return value(c, String.class, "SELECT ?::jsonb::text", json);
  }
}
