package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * V10 (issue 14, F1 and F2): a sender may choose a message's payload and when it becomes visible, nothing else; a
 * receiver may change a message's delivery state, not what it says or who sent it. Channels granted before V10 are
 * narrowed by the migration.
 */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColumnGrantsTest {

  private static final String PERMISSION_DENIED = "42501";

  private TestRoles roles;
  private String sender;
  private String receiver;
  private String both;

  @BeforeAll
  void createRoles(PgmqDatabase db) throws SQLException {
    roles = new TestRoles(db);
    sender = roles.create("cg_sender");
    receiver = roles.create("cg_receiver");
    both = roles.create("cg_both");
  }

  @AfterAll
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  /** The statement: take the next ids, never visible, so every other producer's send fails with 23505. */
  @Test
  void sender_cannotChooseMsgIds(PgmqDatabase db) throws SQLException {
    channel(db, "cg_jobs");
    try (Connection c = roles.connectAs(sender)) {
      String forge = "INSERT INTO pg_mq_queue_cg_jobs (msg_id, payload, visible_at)"
          + " SELECT m + g, 'x', 'infinity' FROM (SELECT max(msg_id) m FROM pg_mq_queue_cg_jobs) s,"
          + " generate_series(1, 100) g";

      assertThat(sqlError(() -> run(c, forge)).getSQLState()).isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void sender_cannotSetSentByOrSentAtOrDeliveryState(PgmqDatabase db) throws SQLException {
    channel(db, "cg_forge");
    try (Connection c = roles.connectAs(sender)) {
      for (String column : new String[] {"sent_by", "sent_at", "was_delivered", "attempts", "lease_token",
          "last_error", "dead_at"}) {
        assertThat(sqlError(() -> run(c, "INSERT INTO pg_mq_queue_cg_forge (payload, " + column + ")"
                + " VALUES ('x', DEFAULT)")).getSQLState())
            .as("INSERT of %s", column).isEqualTo(PERMISSION_DENIED);
      }
    }
  }

  @Test
  void sender_sendsNowAndDelayed_byFunctionAndByInsert(PgmqDatabase db) throws SQLException {
    channel(db, "cg_sends");
    try (Connection c = roles.connectAs(sender)) {
      sendText(c, "cg_sends", "function");
      value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('cg_sends', 'later'::text, now() + interval '1 hour')");
      value(c, Long.class, "INSERT INTO pg_mq_queue_cg_sends (payload) VALUES ('insert') RETURNING msg_id");
      value(c, Long.class, "INSERT INTO pg_mq_queue_cg_sends (payload, visible_at)"
          + " VALUES ('insert later', now() + interval '1 hour') RETURNING msg_id");
      column(c, Long.class, "INSERT INTO pg_mq_queue_cg_sends (payload) SELECT unnest(?::text[]) RETURNING msg_id",
          (Object) new String[] {"a", "b"});
    }
    try (Connection c = db.connect()) {
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_cg_sends")).isEqualTo(7);
    }
  }

  @Test
  void receiver_cannotRewriteWhatAMessageSaysOrWhoSentIt(PgmqDatabase db) throws SQLException {
    channel(db, "cg_rewrite");
    try (Connection c = roles.connectAs(receiver)) {
      for (String set : new String[] {"payload = 'evil'", "sent_by = 'postgres'", "sent_at = now()",
          "msg_id = msg_id + 1000"}) {
        assertThat(sqlError(() -> run(c, "UPDATE pg_mq_queue_cg_rewrite SET " + set)).getSQLState())
            .as("SET %s", set).isEqualTo(PERMISSION_DENIED);
      }
    }
  }

  @Test
  void receiver_receivesClaimsAcksNacksReleasesAndRedrives(PgmqDatabase db) throws SQLException {
    channel(db, "cg_receive");
    try (Connection admin = db.connect()) {
      sendText(admin, "cg_receive", "second");
      sendText(admin, "cg_receive", "third");
      exec(admin, "SELECT pg_mq_alter_channel('cg_receive', in_max_attempts => 1)");
    }
    try (Connection c = roles.connectAs(receiver)) {
      assertThat(column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('cg_receive', 1)"))
          .containsExactly("waiting");
      var claimed = rows(c, "SELECT * FROM pg_mq_claim_text('cg_receive', 2)");
      long first = (Long) claimed.get(0).get("msg_id");
      UUID token = (UUID) claimed.get(0).get("lease_token");
      exec(c, "SELECT * FROM pg_mq_release('cg_receive', ARRAY[?::bigint], ARRAY[?::uuid])", first, token);
      var again = rows(c, "SELECT * FROM pg_mq_claim_text('cg_receive', 1)");
      exec(c, "SELECT * FROM pg_mq_nack('cg_receive', ?::bigint, ?::uuid, 'no')", again.get(0).get("msg_id"),
          again.get(0).get("lease_token"));
      assertThat(value(c, Long.class, "SELECT pg_mq_redrive('cg_receive')")).isEqualTo(1);
      var last = rows(c, "SELECT * FROM pg_mq_claim_text('cg_receive', 5)");
      for (var row : last) {
        exec(c, "SELECT pg_mq_ack('cg_receive', ?::bigint, ?::uuid)", row.get("msg_id"), row.get("lease_token"));
      }
      assertThat(column(c, Long.class, "SELECT msg_id FROM pg_mq_dead_letters('cg_receive')")).isEmpty();
    }
  }

  /** Revoking SELECT on a table revokes SELECT of its columns too: a role that sends and receives lost its RETURNING. */
  @Test
  void revokeReceive_ofARoleThatAlsoSends_leavesItSending(PgmqDatabase db) throws SQLException {
    channel(db, "cg_both");
    try (Connection c = db.connect()) {
      exec(c, "SELECT pg_mq_grant_send('cg_both', ?)", both);
      exec(c, "SELECT pg_mq_grant_receive('cg_both', ?)", both);
      exec(c, "SELECT pg_mq_revoke_receive('cg_both', ?)", both);
    }
    try (Connection c = roles.connectAs(both)) {
      sendText(c, "cg_both", "still sending");

      assertThat(sqlError(() -> rows(c, "SELECT * FROM pg_mq_claim_text('cg_both', 1)")).getSQLState())
          .isEqualTo(PERMISSION_DENIED);
    }
  }

  @Test
  void channelGrantedBeforeV10_isNarrowedByTheMigration_andItsRolesKeepWorking() throws SQLException {
    try (PgmqDatabase old = PgmqDatabase.create("queues");
        Connection admin = old.connect()) {
      migrate(old, "9");
      run(admin, "SET search_path = queues");
      createQueue(admin, "cg_old", "text");
      exec(admin, "SELECT pg_mq_grant_send('cg_old', ?)", sender);
      exec(admin, "SELECT pg_mq_grant_receive('cg_old', ?)", receiver);
      assertThat(tablePrivilege(admin, sender, "INSERT")).as("INSERT on the whole table at V9").isTrue();

      migrate(old, null);

      assertThat(tablePrivilege(admin, sender, "INSERT")).isFalse();
      assertThat(tablePrivilege(admin, receiver, "UPDATE")).isFalse();
      try (Connection c = old.connect()) {
        run(c, "SET search_path = queues");
        run(c, "SET ROLE " + Sql.quote(sender));
        sendText(c, "cg_old", "after the migration");
        assertThat(sqlError(() -> run(c, "INSERT INTO pg_mq_queue_cg_old (msg_id, payload) VALUES (1000, 'x')"))
            .getSQLState()).isEqualTo(PERMISSION_DENIED);
        run(c, "RESET ROLE");
        run(c, "SET ROLE " + Sql.quote(receiver));
        assertThat(column(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('cg_old', 5)"))
            .containsExactly("after the migration");
        assertThat(sqlError(() -> run(c, "UPDATE pg_mq_queue_cg_old SET payload = 'evil'")).getSQLState())
            .isEqualTo(PERMISSION_DENIED);
      }
    }
  }

  private static boolean tablePrivilege(Connection c, String role, String privilege) throws SQLException {
    return value(c, Boolean.class, "SELECT has_table_privilege(?, 'queues.pg_mq_queue_cg_old', ?)", role, privilege);
  }

  private static void migrate(PgmqDatabase db, String target) {
    var config = Flyway.configure().dataSource(db.dataSource()).schemas("queues").defaultSchema("queues")
        .locations("classpath:db/pgmq").table("pgmq_schema_history");
    (target == null ? config : config.target(target)).load().migrate();
  }

  /** A text channel holding one message "waiting", its sender and receiver granted. */
  private void channel(PgmqDatabase db, String channel) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, channel, "text");
      sendText(c, channel, "waiting");
      exec(c, "SELECT pg_mq_grant_send(?, ?)", channel, sender);
      exec(c, "SELECT pg_mq_grant_receive(?, ?)", channel, receiver);
    }
  }
}
