package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.hint;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.tableExists;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * V10 (issue 14): pg_mq_drop_queue refuses (PQ007) while the channel holds messages that are not done (ready, leased,
 * delayed, dead), unless forced; done messages do not hold a drop back.
 */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DropQueueTest {

  private TestRoles roles;

  @BeforeAll
  void createRoles(PgmqDatabase db) {
    roles = new TestRoles(db);
  }

  @AfterAll
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  @Test
  void drop_ofAChannelHoldingMessagesNotDone_raisesPQ007CountingThemAndDropsNothing(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dq_busy", "text");
      sendText(c, "dq_busy", "ready");
      sendText(c, "dq_busy", "leased");
      value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('dq_busy', 'later', now() + interval '1 hour')");
      row(c, "SELECT * FROM pg_mq_claim_text('dq_busy', 1)");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_drop_queue('dq_busy')"));

      assertThat(e.getSQLState()).isEqualTo("PQ007");
      assertThat(message(e)).isEqualTo("channel \"dq_busy\" still holds 3 messages that are not done (1 ready,"
          + " 1 leased, 1 delayed, 0 dead): dropping it would lose them");
      assertThat(hint(e)).contains("pg_mq_drop_queue('dq_busy', in_force => true)");
      assertThat(tableExists(c, "public", "pg_mq_queue_dq_busy")).isTrue();
    }
  }

  @Test
  void drop_ofAChannelHoldingOnlyADeadLetter_raisesPQ007(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dq_dead", "text");
      exec(c, "SELECT pg_mq_alter_channel('dq_dead', in_max_attempts => 1)");
      long id = sendText(c, "dq_dead", "x");
      var leased = row(c, "SELECT * FROM pg_mq_claim_text('dq_dead', 1)");
      exec(c, "SELECT * FROM pg_mq_nack('dq_dead', ?::bigint, ?::uuid, 'e')", id, leased.get("lease_token"));

      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_drop_queue('dq_dead')")).getSQLState()).isEqualTo("PQ007");
    }
  }

  @Test
  void drop_forced_dropsAChannelHoldingMessages(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dq_forced", "text");
      sendText(c, "dq_forced", "lost on purpose");

      exec(c, "SELECT pg_mq_drop_queue('dq_forced', in_force => true)");

      assertThat(tableExists(c, "public", "pg_mq_queue_dq_forced")).isFalse();
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_config_catalog WHERE channel = 'dq_forced'"))
          .isZero();
    }
  }

  @Test
  void drop_ofAChannelHoldingOnlyDoneMessages_dropsIt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dq_done", "text");
      sendText(c, "dq_done", "received");
      value(c, String.class, "SELECT payload FROM pg_mq_get_msg_text('dq_done', 1)");

      exec(c, "SELECT pg_mq_drop_queue('dq_done')");

      assertThat(tableExists(c, "public", "pg_mq_queue_dq_done")).isFalse();
    }
  }

  @Test
  void roleGrantedTheOneArgumentDropBeforeV10_mayForceADropAfterIt() throws SQLException {
    String admin = roles.create("dq_admin");
    try (PgmqDatabase old = PgmqDatabase.create("queues");
        Connection c = old.connect()) {
      migrate(old, "9");
      exec(c, "GRANT USAGE ON SCHEMA queues TO " + Sql.quote(admin));
      exec(c, "GRANT EXECUTE ON FUNCTION queues.pg_mq_drop_queue(text) TO " + Sql.quote(admin));

      migrate(old, null);

      assertThat(value(c, Boolean.class, "SELECT has_function_privilege(?, 'queues.pg_mq_drop_queue(text, boolean)',"
          + " 'EXECUTE')", admin)).isTrue();
      assertThat(value(c, Boolean.class, "SELECT has_function_privilege('public',"
          + " 'queues.pg_mq_drop_queue(text, boolean)', 'EXECUTE')")).isFalse();
      exec(c, "REVOKE ALL ON SCHEMA queues FROM " + Sql.quote(admin));
      exec(c, "REVOKE ALL ON FUNCTION queues.pg_mq_drop_queue(text), queues.pg_mq_drop_queue(text, boolean) FROM "
          + Sql.quote(admin));
    }
  }

  private static void migrate(PgmqDatabase db, String target) {
    var config = Flyway.configure().dataSource(db.dataSource()).schemas("queues").defaultSchema("queues")
        .locations("classpath:db/pgmq").table("pgmq_schema_history");
    (target == null ? config : config.target(target)).load().migrate();
  }
}
