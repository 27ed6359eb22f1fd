package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.row;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * V14: pg_mq_dedup_holder is generated from the catalog, one static statement per channel (planned once per session),
 * regenerated when channels come and go; a channel the generated code does not know goes through version 13's dynamic
 * statements with the same answers, and both paths answer only a role that may send on the channel.
 */
@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DedupHolderTest {

  private TestRoles roles;
  private String sender;
  private String outsider;

  @BeforeAll
  void createRoles(PgmqDatabase db) throws SQLException {
    roles = new TestRoles(db);
    sender = roles.create("dh_sender");
    outsider = roles.create("dh_outsider");
  }

  @AfterAll
  void dropRoles() throws SQLException {
    roles.dropAll();
  }

  @Test
  void createQueue_addsTheChannelsStaticStatement_andDropQueueRemovesIt(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dh_static", "text");
      assertThat(holderBody(c)).contains("pg_mq_queue_dh_static q WHERE q.dedup_key");

      exec(c, "SELECT pg_mq_drop_queue('dh_static')");

      assertThat(holderBody(c)).doesNotContain("dh_static");
    }
  }

  @Test
  void holder_onAChannelTheGeneratedCodeDoesNotKnow_answersAsTheGeneratedCodeWould(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      run(c, "ALTER TABLE pg_mq_config_catalog DISABLE TRIGGER pg_mq_catalog_changed_dedup");
      createQueue(c, "dh_unrouted", "text");
      run(c, "ALTER TABLE pg_mq_config_catalog ENABLE TRIGGER pg_mq_catalog_changed_dedup");
      assertThat(holderBody(c)).doesNotContain("dh_unrouted");

      Map<String, Object> first = send(c, "dh_unrouted", "k");
      Map<String, Object> again = send(c, "dh_unrouted", "k");

      assertThat(again).containsEntry("msg_id", first.get("msg_id")).containsEntry("duplicate", true);
      assertThat(value(c, Long.class, "SELECT pg_mq_dedup_holder('dh_unrouted', 'k')"))
          .isEqualTo(first.get("msg_id"));
      assertThat(value(c, Long.class, "SELECT pg_mq_dedup_holder('dh_unrouted', 'free')")).isNull();
      createQueue(c, "dh_next", "text");
      assertThat(holderBody(c)).as("regenerated with the next channel").contains("dh_unrouted");
    }
  }

  @Test
  void holder_releasesADoneKeyPastItsWindow_onBothPaths(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dh_window", "text");
      run(c, "ALTER TABLE pg_mq_config_catalog DISABLE TRIGGER pg_mq_catalog_changed_dedup");
      createQueue(c, "dh_window_late", "text");
      run(c, "ALTER TABLE pg_mq_config_catalog ENABLE TRIGGER pg_mq_catalog_changed_dedup");
      for (String channel : new String[] {"dh_window", "dh_window_late"}) {
        // the window is read from the catalog on every call: set after the code was generated, it counts
        exec(c, "SELECT pg_mq_set_dedup_window(?, interval '1 hour')", channel);
        long id = (Long) send(c, channel, "k").get("msg_id");
        UUID token = value(c, UUID.class, "SELECT lease_token FROM pg_mq_claim_text(?::name, 1)", channel);
        exec(c, "SELECT pg_mq_ack(?, ?, ?)", channel, id, token);
        assertThat(value(c, Long.class, "SELECT pg_mq_dedup_holder(?, 'k')", channel)).as(channel).isEqualTo(id);

        exec(c, "SELECT pg_mq_set_dedup_window(?, interval '0')", channel);

        assertThat(value(c, Long.class, "SELECT pg_mq_dedup_holder(?, 'k')", channel)).as(channel).isNull();
        assertThat(value(c, String.class, "SELECT dedup_key FROM pg_mq_queue_" + channel + " WHERE msg_id = ?", id))
            .as(channel).isNull();
        assertThat(send(c, channel, "k")).as(channel).containsEntry("duplicate", false);
      }
    }
  }

  @Test
  void holder_refusesARoleThatMayNotSend_onBothPaths_andAnswersASender(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "dh_private", "text");
      run(c, "ALTER TABLE pg_mq_config_catalog DISABLE TRIGGER pg_mq_catalog_changed_dedup");
      createQueue(c, "dh_private_late", "text");
      run(c, "ALTER TABLE pg_mq_config_catalog ENABLE TRIGGER pg_mq_catalog_changed_dedup");
      for (String channel : new String[] {"dh_private", "dh_private_late"}) {
        send(c, channel, "secret");
        exec(c, "SELECT pg_mq_grant_send(?, ?)", channel, sender);
        run(c, "GRANT USAGE ON SCHEMA " + Sql.quote(schema(c)) + " TO " + Sql.quote(outsider));
      }
    }
    for (String channel : new String[] {"dh_private", "dh_private_late"}) {
      try (Connection c = roles.connectAs(outsider)) {
        PSQLException e = sqlError(() -> value(c, Long.class, "SELECT pg_mq_dedup_holder(?, 'secret')", channel));

        assertThat(e.getSQLState()).as(channel).isEqualTo("42501");
        assertThat(message(e)).as(channel).isEqualTo("channel \"" + channel + "\": role " + outsider
            + " may not send on the channel");
        assertThat(Sql.hint(e)).as(channel).isEqualTo("Grant it with pg_mq_grant_send('" + channel + "', '"
            + outsider + "').");
      }
      try (Connection c = roles.connectAs(sender)) {
        assertThat(send(c, channel, "secret")).as(channel).containsEntry("duplicate", true);
      }
    }
  }

  private static Map<String, Object> send(Connection c, String channel, String key) throws SQLException {
    return row(c, "SELECT msg_id, duplicate FROM pg_mq_send_message(?, 'p'::text, in_dedup_key => ?)", channel, key);
  }

  private static String holderBody(Connection c) throws SQLException {
    return value(c, String.class, "SELECT prosrc FROM pg_proc WHERE oid = 'pg_mq_dedup_holder(text, text)'::regprocedure");
  }

  private static String schema(Connection c) throws SQLException {
    return value(c, String.class, "SELECT current_schema()");
  }
}
