package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.rows;
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

/** Privileges follow the tables: grants through pg_mq_grant_send/receive, nothing for PUBLIC. */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivilegeTest {

  private static final String PERMISSION_DENIED = "42501";

  private TestRoles roles;
  private String nobody;
  private String producer;
  private String consumer;

  @BeforeAll
  void createRoles(PgmqDatabase db) throws SQLException {
    roles = new TestRoles(db);
    nobody = roles.create("nobody");
    producer = roles.create("producer");
    consumer = roles.create("consumer");
  }

  @AfterAll
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  @Test
  void roleWithoutGrants_cannotCreateQueue(PgmqDatabase db) throws SQLException {
    try (Connection c = roles.connectAs(nobody)) {
      PSQLException e = sqlError(() -> createQueue(c, "priv_create", "text"));

      assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED);
      assertThat(message(e)).contains("pg_mq_create_queue");
    }
  }

  @Test
  void roleWithoutGrants_cannotSend(PgmqDatabase db) throws SQLException {
    channel(db, "priv_nosend");
    try (Connection c = roles.connectAs(nobody)) {
      assertThat(sqlError(() -> sendText(c, "priv_nosend", "x")).getSQLState()).isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void roleWithoutGrants_cannotReceive(PgmqDatabase db) throws SQLException {
    channel(db, "priv_noread");
    try (Connection c = roles.connectAs(nobody)) {
      PSQLException e = sqlError(() -> rows(c, "SELECT * FROM pg_mq_get_msg_text('priv_noread', 1)"));

      assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED);
    }
    assertThat(undelivered(db, "priv_noread")).isEqualTo(1);
  }

  @Test
  void roleWithoutGrants_cannotClaim(PgmqDatabase db) throws SQLException {
    channel(db, "priv_noclaim");
    try (Connection c = roles.connectAs(nobody)) {
      PSQLException e = sqlError(() -> rows(c, "SELECT * FROM pg_mq_claim_text('priv_noclaim', 1)"));

      assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void roleWithoutGrants_cannotDropQueueOrAlterChannel(PgmqDatabase db) throws SQLException {
    channel(db, "priv_nodrop");
    try (Connection c = roles.connectAs(nobody)) {
      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_drop_queue('priv_nodrop')")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_alter_channel('priv_nodrop', 1)")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_grant_send('priv_nodrop', ?)", nobody)).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void grantSend_letsTheRoleSend(PgmqDatabase db) throws SQLException {
    channel(db, "priv_send");
    grant(db, "pg_mq_grant_send", "priv_send", producer);

    try (Connection c = roles.connectAs(producer)) {
      sendText(c, "priv_send", "from producer");
    }

    assertThat(undelivered(db, "priv_send")).isEqualTo(2);
  }

  @Test
  void grantSend_doesNotLetTheRoleReadPayloads(PgmqDatabase db) throws SQLException {
    channel(db, "priv_send_noselect");
    grant(db, "pg_mq_grant_send", "priv_send_noselect", producer);

    try (Connection c = roles.connectAs(producer)) {
      PSQLException e = sqlError(() -> rows(c, "SELECT payload FROM pg_mq_queue_priv_send_noselect"));

      assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void grantSend_doesNotLetTheRoleReceive(PgmqDatabase db) throws SQLException {
    channel(db, "priv_send_noget");
    grant(db, "pg_mq_grant_send", "priv_send_noget", producer);

    try (Connection c = roles.connectAs(producer)) {
      assertThat(sqlError(() -> rows(c, "SELECT * FROM pg_mq_get_msg_text('priv_send_noget', 1)")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
      assertThat(sqlError(() -> rows(c, "SELECT * FROM pg_mq_claim_text('priv_send_noget', 1)")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
    }
    assertThat(undelivered(db, "priv_send_noget")).isEqualTo(1);
  }

  @Test
  void grantReceive_letsTheRoleReceive(PgmqDatabase db) throws SQLException {
    channel(db, "priv_receive");
    grant(db, "pg_mq_grant_receive", "priv_receive", consumer);

    try (Connection c = roles.connectAs(consumer)) {
      assertThat(column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('priv_receive', 5)"))
          .containsExactly("waiting");
    }
  }

  @Test
  void grantReceive_doesNotLetTheRoleSend(PgmqDatabase db) throws SQLException {
    channel(db, "priv_receive_nosend");
    grant(db, "pg_mq_grant_receive", "priv_receive_nosend", consumer);

    try (Connection c = roles.connectAs(consumer)) {
      assertThat(sqlError(() -> sendText(c, "priv_receive_nosend", "x")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void revokeSend_takesSendingBack(PgmqDatabase db) throws SQLException {
    channel(db, "priv_revoke_send");
    grant(db, "pg_mq_grant_send", "priv_revoke_send", producer);
    grant(db, "pg_mq_revoke_send", "priv_revoke_send", producer);

    try (Connection c = roles.connectAs(producer)) {
      assertThat(sqlError(() -> sendText(c, "priv_revoke_send", "x")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void revokeReceive_takesReceivingBack(PgmqDatabase db) throws SQLException {
    channel(db, "priv_revoke_receive");
    grant(db, "pg_mq_grant_receive", "priv_revoke_receive", consumer);
    grant(db, "pg_mq_revoke_receive", "priv_revoke_receive", consumer);

    try (Connection c = roles.connectAs(consumer)) {
      assertThat(sqlError(() -> rows(c, "SELECT * FROM pg_mq_get_msg_text('priv_revoke_receive', 1)"))
              .getSQLState())
          .isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void grantToMissingRole_raisesPQ006NamingTheRoleAndChannel(PgmqDatabase db) throws SQLException {
    channel(db, "priv_missing");
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_grant_send('priv_missing', 'no_such_role_x')"));

      assertThat(e.getSQLState()).isEqualTo("PQ006");
      assertThat(message(e)).isEqualTo("channel \"priv_missing\": role no_such_role_x does not exist");
    }
  }

  @Test
  void grantExecuteOnCreateQueue_letsTheRoleCreateChannels(PgmqDatabase db) throws SQLException {
    String admin = roles.create("admin");
    try (Connection c = db.connect()) {
      exec(c, "GRANT EXECUTE ON FUNCTION pg_mq_create_queue(text, text) TO " + Sql.quote(admin));
    }

    try (Connection c = roles.connectAs(admin)) {
      createQueue(c, "priv_admin_made", "text");
    }

    try (Connection c = db.connect()) {
      assertThat(value(c, String.class,
              "SELECT table_name::text FROM pg_mq_config_catalog WHERE channel = 'priv_admin_made'"))
          .isEqualTo("pg_mq_queue_priv_admin_made");
    }
  }

  /** A text channel holding one message "waiting", created by the database owner. */
  private static void channel(PgmqDatabase db, String channel) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, channel, "text");
      sendText(c, channel, "waiting");
    }
  }

  private static void grant(PgmqDatabase db, String function, String channel, String role)
      throws SQLException {
    try (Connection c = db.connect()) {
      exec(c, "SELECT " + function + "(?, ?)", channel, role);
    }
  }

  private static long undelivered(PgmqDatabase db, String channel) throws SQLException {
    try (Connection c = db.connect()) {
      return value(c, Long.class,
          "SELECT count(*) FROM " + Sql.quote("pg_mq_queue_" + channel) + " WHERE NOT was_delivered");
    }
  }
}
