package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.hint;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.rows;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;

/**
 * The channel name rule: lower-case ASCII letters, digits and '_', starting with a letter, at most 51
 * bytes (so that "pg_mq_queue_" + name fits PostgreSQL's 63-byte identifiers). Anything else is PQ003.
 */
@PgmqTest
class ChannelNameTest {

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {
      "Orders", "ORDERS", "café", "заказы", "注文", "order-events", "order events", "1orders", "_orders",
      "x; DROP TABLE victim; --", "x\"; DROP TABLE victim; --", "o'reilly", "orders\n", "a.b"})
  void createQueue_invalidName_raisesPQ003NamingItAndRunsNoSql(String name, PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      exec(c, "CREATE TABLE IF NOT EXISTS victim (id int)");

      PSQLException e = sqlError(() -> createQueue(c, name, "text"));

      assertThat(e.getSQLState()).isEqualTo("PQ003");
      assertThat(message(e)).contains("channel name", "is invalid", "lower-case letters")
          .contains(name.replace("\"", "\"\""));
      assertThat(tableExists(c, "public", "victim")).isTrue();
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_config_catalog WHERE channel = ?", name))
          .isZero();
    }
  }

  @Test
  void createQueue_mixedCase_hintsTheLowerCaseName(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> createQueue(c, "Order-Events", "text"));

      assertThat(message(e)).startsWith("channel name \"Order-Events\" is invalid");
      assertThat(hint(e)).isEqualTo("Rename it, e.g. \"order_events\".");
    }
  }

  @Test
  void createQueue_emptyName_raisesPQ003SayingItIsMissing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> createQueue(c, "", "text"));

      assertThat(e.getSQLState()).isEqualTo("PQ003");
      assertThat(message(e)).startsWith("channel name is missing");
    }
  }

  @Test
  void createQueue_nullName_raisesPQ003SayingItIsMissing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_create_queue(NULL, 'text')"));

      assertThat(e.getSQLState()).isEqualTo("PQ003");
      assertThat(message(e)).startsWith("channel name is missing");
    }
  }

  @Test
  void createQueue_51ByteName_works_andItsTableNameIs63Bytes(PgmqDatabase db) throws SQLException {
    String name = "c" + "x".repeat(50);
    try (Connection c = db.connect()) {
      createQueue(c, name, "text");
      sendText(c, name, "fits");

      String table = value(c, String.class, "SELECT table_name::text FROM pg_mq_config_catalog WHERE channel = ?", name);
      assertThat(table).isEqualTo("pg_mq_queue_" + name);
      assertThat(table.getBytes(StandardCharsets.UTF_8)).hasSize(63);
      assertThat(tableExists(c, "public", table)).isTrue();
      assertThat(rows(c, "SELECT * FROM pg_mq_get_msg_text(?, 1)", name)).hasSize(1);
    }
  }

  @Test
  void createQueue_52ByteName_raisesPQ003InsteadOfTruncating(PgmqDatabase db) throws SQLException {
    String name = "c" + "x".repeat(51);
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> createQueue(c, name, "text"));

      assertThat(e.getSQLState()).isEqualTo("PQ003");
      assertThat(message(e)).contains("\"" + name + "\"", "52 bytes", "at most 51");
      assertThat(value(c, Long.class,
              "SELECT count(*) FROM pg_class WHERE relname = left('pg_mq_queue_' || ?, 63)", name)).isZero();
    }
  }

  @Test
  void sendMessage_unknownChannel_raisesPQ001WithTheFix(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> sendText(c, "orders", "x"));

      assertThat(e.getSQLState()).isEqualTo("PQ001");
      assertThat(message(e)).isEqualTo("channel \"orders\" does not exist");
      assertThat(hint(e)).isEqualTo("Create it with pg_mq_create_queue or declare it in the manifest.");
    }
  }

  @Test
  void getMsgText_unknownChannel_raisesPQ001NamingIt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> rows(c, "SELECT * FROM pg_mq_get_msg_text('invoices', 1)"));

      assertThat(e.getSQLState()).isEqualTo("PQ001");
      assertThat(message(e)).isEqualTo("channel \"invoices\" does not exist");
    }
  }

  @Test
  void sendMessage_hostileUnknownName_raisesPQ003NotPQ001(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> sendText(c, "x'; DROP TABLE pg_mq_config_catalog; --", "x"));

      assertThat(e.getSQLState()).isEqualTo("PQ003");
      assertThat(tableExists(c, "public", "pg_mq_config_catalog")).isTrue();
    }
  }

  @Test
  void catalog_rejectsAnInvalidNameWrittenByHand(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> exec(c,
          "INSERT INTO pg_mq_config_catalog (channel, table_name, payload_type) VALUES ('Bad', 'pg_mq_queue_Bad', 'text')"));

      assertThat(e.getSQLState()).isEqualTo("23514");
    }
  }
}
