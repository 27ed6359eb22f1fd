package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.tableExists;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pgmq installed into schema "queues", used with qualified calls from a session whose search_path is elsewhere. */
@PgmqTest(schema = "queues")
class QueuesSchemaTest {

  private static Connection connectElsewhere(PgmqDatabase db) throws SQLException {
    Connection c = db.connect();
    run(c, "CREATE SCHEMA IF NOT EXISTS app");
    run(c, "SET search_path = app, public");
    return c;
  }

  @Test
  void install_putsCatalogAndFunctionsInQueuesOnly(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      assertThat(tableExists(c, "queues", "pg_mq_config_catalog")).isTrue();
      assertThat(tableExists(c, "public", "pg_mq_config_catalog")).isFalse();
      assertThat(value(c, Long.class,
              "SELECT count(*) FROM pg_proc WHERE proname LIKE 'pg\\_mq\\_%' AND pronamespace <> 'queues'::regnamespace"))
          .isZero();
    }
  }

  @Test
  void qualifiedCalls_createSendAndReceive_withAnUnrelatedSearchPath(PgmqDatabase db) throws SQLException {
    try (Connection c = connectElsewhere(db)) {
      exec(c, "SELECT queues.pg_mq_create_queue('q_orders', 'text')");
      Map<String, Object> sent = row(c, "SELECT * FROM queues.pg_mq_send_message('q_orders', 'Read This')");

      assertThat(column(c, Long.class, "SELECT msg_id FROM queues.pg_mq_get_msg_text('q_orders', 5)"))
          .containsExactly((Long) sent.get("msg_id"));
    }
  }

  @Test
  void createQueue_putsTheQueueTableAndTriggerInQueues(PgmqDatabase db) throws SQLException {
    try (Connection c = connectElsewhere(db)) {
      exec(c, "SELECT queues.pg_mq_create_queue('q_tables', 'bytea')");

      assertThat(tableExists(c, "queues", "pg_mq_queue_q_tables")).isTrue();
      assertThat(tableExists(c, "app", "pg_mq_queue_q_tables")).isFalse();
      assertThat(tableExists(c, "public", "pg_mq_queue_q_tables")).isFalse();
      assertThat(value(c, String.class, "SELECT p.oid::regprocedure::text FROM pg_trigger t"
              + " JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = 'queues.pg_mq_queue_q_tables'::regclass"))
          .isEqualTo("queues.pg_mq_notify()");
    }
  }

  @Test
  void qualifiedCalls_claimAndAck_withAnUnrelatedSearchPath(PgmqDatabase db) throws SQLException {
    try (Connection c = connectElsewhere(db)) {
      exec(c, "SELECT queues.pg_mq_create_queue('q_claims', 'xml')");
      exec(c, "SELECT queues.pg_mq_send_message('q_claims', '<a/>')");
      Map<String, Object> claimed = row(c, "SELECT * FROM queues.pg_mq_claim_text('q_claims', 1)");

      exec(c, "SELECT queues.pg_mq_ack('q_claims', ?::bigint, ?::uuid)", claimed.get("msg_id"), claimed.get("lease_token"));

      assertThat(value(c, Long.class, "SELECT count(*) FROM queues.pg_mq_queue_q_claims")).isZero();
    }
  }

  @Test
  void grantSend_grantsUsageOnQueues(PgmqDatabase db) throws SQLException {
    TestRoles roles = new TestRoles(db);
    try {
      String sender = roles.create("q_sender");
      try (Connection c = connectElsewhere(db)) {
        exec(c, "SELECT queues.pg_mq_create_queue('q_granted', 'text')");
        exec(c, "SELECT queues.pg_mq_grant_send('q_granted', ?)", sender);
      }
      try (Connection c = roles.connectAs(sender)) {
        exec(c, "SELECT queues.pg_mq_send_message('q_granted', 'from a sender')");
      }
      try (Connection c = db.connect()) {
        assertThat(value(c, Long.class, "SELECT count(*) FROM queues.pg_mq_queue_q_granted")).isEqualTo(1);
      }
    } finally {
      roles.dropAll();
    }
  }
}
