package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.hint;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * V10 (issue 20): a role granted receive runs retention ({@code pg_mq_purge}) for its own channels, and only those.
 */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionPrivilegeTest {

  private TestRoles roles;
  private String mailer;
  private String shop;

  @BeforeAll
  void createRoles(PgmqDatabase db) throws SQLException {
    roles = new TestRoles(db);
    mailer = roles.create("rp_mailer");
    shop = roles.create("rp_shop");
  }

  @AfterAll
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  /** The bug: "permission denied for function pg_mq_purge" every five minutes, retention never ran. */
  @Test
  void receiveRole_purgesItsChannel(PgmqDatabase db) throws SQLException {
    try (Connection admin = db.connect()) {
      createQueue(admin, "rp_mails", "text");
      exec(admin, "SELECT pg_mq_grant_receive('rp_mails', ?)", mailer);
      sendText(admin, "rp_mails", "received");
      value(admin, String.class, "SELECT payload FROM pg_mq_get_msg_text('rp_mails', 1)");
    }
    try (Connection c = roles.connectAs(mailer)) {
      assertThat(value(c, Long.class, "SELECT pg_mq_purge('rp_mails', interval '0')")).isEqualTo(1);
    }
  }

  @Test
  void receiveRole_cannotPurgeAChannelItDoesNotReceiveFrom(PgmqDatabase db) throws SQLException {
    try (Connection admin = db.connect()) {
      createQueue(admin, "rp_mine", "text");
      createQueue(admin, "rp_other", "text");
      exec(admin, "SELECT pg_mq_grant_receive('rp_mine', ?)", mailer);
    }
    try (Connection c = roles.connectAs(mailer)) {
      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_purge('rp_other')"));

      assertThat(e.getSQLState()).isEqualTo("42501");
      assertThat(message(e)).isEqualTo("channel \"rp_other\": role " + mailer + " may not purge the channel: retention"
          + " is for roles that may receive from it");
      assertThat(hint(e)).isEqualTo("Grant it with pg_mq_grant_receive('rp_other', '" + mailer + "').");
    }
  }

  @Test
  void sendRole_cannotPurge(PgmqDatabase db) throws SQLException {
    try (Connection admin = db.connect()) {
      createQueue(admin, "rp_sent", "text");
      exec(admin, "SELECT pg_mq_grant_send('rp_sent', ?)", shop);
    }
    try (Connection c = roles.connectAs(shop)) {
      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_purge('rp_sent')")).getSQLState()).isEqualTo("42501");
    }
  }
}
