package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * V10 (issue 14, F7): the objects a channel creates (primary key, ready index, identity sequence) are named with
 * prefixes no queue table has, so no channel name can collide with another channel's objects.
 */
@PgmqTest
class ChannelObjectNamesTest {

  /** The case: after channel orders, these failed with 42P07. */
  @Test
  void channelsNamedAfterAnotherChannelsObjects_areCreatedAndWork(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "orders", "text");

      for (String channel : new String[] {"orders_pkey", "orders_msg_id_seq", "orders_msg_id_idx"}) {
        createQueue(c, channel, "text");
        sendText(c, channel, "to " + channel);
      }

      assertThat(column(c, String.class, "SELECT channel FROM pg_mq_config_catalog WHERE channel LIKE 'orders%'"
          + " ORDER BY channel")).containsExactly("orders", "orders_msg_id_idx", "orders_msg_id_seq", "orders_pkey");
    }
  }

  @Test
  void createQueue_namesThePrimaryKeyReadyIndexAndSequenceByPrefix(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "names", "text");

      assertThat(objects(c, "pg_mq_queue_names")).containsExactly("pg_mq_dedup_names", "pg_mq_msgid_names",
          "pg_mq_pkey_names", "pg_mq_ready_names");
      assertThat(value(c, String.class, "SELECT pg_get_serial_sequence('pg_mq_queue_names', 'msg_id')"))
          .isEqualTo("public.pg_mq_msgid_names");
    }
  }

  @Test
  void longestChannelName_getsItsNamesWithoutTruncation(PgmqDatabase db) throws SQLException {
    String channel = "n" + "x".repeat(50);
    try (Connection c = db.connect()) {
      createQueue(c, channel, "bytea");

      assertThat(objects(c, "pg_mq_queue_" + channel)).containsExactly("pg_mq_dedup_" + channel,
          "pg_mq_msgid_" + channel, "pg_mq_pkey_" + channel, "pg_mq_ready_" + channel);
    }
  }

  @Test
  void relationInTheWayOfAName_raises42P07NamingItAndCreatesNothing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      run(c, "CREATE TABLE pg_mq_ready_blocked (id int)");

      PSQLException e = sqlError(() -> createQueue(c, "blocked", "text"));

      assertThat(e.getSQLState()).isEqualTo("42P07");
      assertThat(message(e)).isEqualTo("channel \"blocked\": relation \"pg_mq_ready_blocked\" is in the way: pgmq"
          + " names the channel's index of ready messages that way");
      assertThat(value(c, Boolean.class, "SELECT to_regclass('pg_mq_queue_blocked') IS NULL")).isTrue();
    }
  }

  @Test
  void channelsMadeBeforeV10_getTheNewNamesFromTheMigration() throws SQLException {
    try (PgmqDatabase old = PgmqDatabase.create("queues");
        Connection c = old.connect()) {
      Flyway.configure().dataSource(old.dataSource()).schemas("queues").defaultSchema("queues")
          .locations("classpath:db/pgmq").table("pgmq_schema_history").target("9").load().migrate();
      run(c, "SET search_path = queues");
      createQueue(c, "legacy", "xml");

      Flyway.configure().dataSource(old.dataSource()).schemas("queues").defaultSchema("queues")
          .locations("classpath:db/pgmq").table("pgmq_schema_history").load().migrate();

      assertThat(objects(c, "pg_mq_queue_legacy")).containsExactly("pg_mq_dedup_legacy", "pg_mq_msgid_legacy",
          "pg_mq_pkey_legacy", "pg_mq_ready_legacy");
      createQueue(c, "legacy_pkey", "text");
      assertThat(value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('legacy', '<a/>'::text)")).isEqualTo(1);
    }
  }

  /** The indexes and sequences of a channel table, by name. */
  private static java.util.List<String> objects(Connection c, String table) throws SQLException {
    return column(c, String.class, "SELECT c.relname::text FROM pg_class c"
        + " WHERE c.oid IN (SELECT i.indexrelid FROM pg_index i WHERE i.indrelid = ?::regclass)"
        + " OR c.oid = pg_get_serial_sequence(?, 'msg_id')::regclass ORDER BY 1", table, table);
  }
}
