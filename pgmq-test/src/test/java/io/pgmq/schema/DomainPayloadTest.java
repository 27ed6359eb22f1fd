package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/** V10 (issue 14, F9): a value of a domain over a channel's payload type is sent as that type. */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DomainPayloadTest {

  @BeforeAll
  void createDomains(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      run(c, "CREATE DOMAIN png AS bytea");
      run(c, "CREATE DOMAIN small_png AS png CHECK (octet_length(VALUE) < 100)");
      run(c, "CREATE DOMAIN email AS text");
      run(c, "CREATE DOMAIN invoice AS xml");
    }
  }

  /** The case: refused with PQ004 "got text". */
  @Test
  void domainOverBytea_isSentToAByteaChannel(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dp_images", "bytea");

      long id = value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('dp_images', '\\x89504e47'::png)");

      assertThat(value(c, byte[].class, "SELECT payload FROM pg_mq_queue_dp_images WHERE msg_id = ?", id))
          .containsExactly(0x89, 0x50, 0x4e, 0x47);
    }
  }

  @Test
  void domainOverADomainOverBytea_isSentToAByteaChannel_delayedToo(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dp_thumbs", "bytea");

      value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('dp_thumbs', '\\x01'::small_png)");
      value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('dp_thumbs', '\\x02'::small_png,"
          + " now() + interval '1 hour')");

      assertThat(column(c, byte[].class, "SELECT payload FROM pg_mq_queue_dp_thumbs ORDER BY msg_id"))
          .hasSize(2);
    }
  }

  @Test
  void domainsOverTextAndXml_areSentToTextAndXmlChannels(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dp_mails", "text");
      createQueue(c, "dp_invoices", "xml");

      value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('dp_mails', 'a@example.com'::email)");
      value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('dp_invoices', '<invoice/>'::invoice)");

      assertThat(value(c, String.class, "SELECT payload FROM pg_mq_queue_dp_mails")).isEqualTo("a@example.com");
      assertThat(value(c, String.class, "SELECT payload::text FROM pg_mq_queue_dp_invoices")).isEqualTo("<invoice/>");
    }
  }

  @Test
  void domainOverBytea_toATextChannel_raisesPQ004SayingBytea(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dp_wrong", "text");

      PSQLException e = sqlError(() -> value(c, Long.class,
          "SELECT msg_id FROM pg_mq_send_message('dp_wrong', '\\x01'::png)"));

      assertThat(e.getSQLState()).isEqualTo("PQ004");
      assertThat(message(e)).isEqualTo("channel \"dp_wrong\" holds text payloads, got bytea");
    }
  }
}
