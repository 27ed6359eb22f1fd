package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.message;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * V6: claims update rows in place (HOT) with one lease token per claim, acks delete unless the channel keeps acked
 * messages, the claim and ack statements can be prepared by any client, and channels made before V6 get the same
 * storage and grants.
 */
@PgmqTest
class FastClaimAckTest {

  @Test
  void claim_leasesTheWholeBatchWithOneTokenAndOneExpiry(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "fca_batch", "text");
      for (int i = 0; i < 3; i++) {
        sendText(c, "fca_batch", "m" + i);
      }

      List<Map<String, Object>> claimed = rows(c, "SELECT * FROM pg_mq_claim_text('fca_batch', 10)");

      assertThat(claimed).hasSize(3);
      assertThat(claimed.stream().map(r -> r.get("lease_token")).distinct()).hasSize(1);
      assertThat(claimed.stream().map(r -> r.get("lease_expires_at")).distinct()).hasSize(1);
      List<Map<String, Object>> second = rows(c, "SELECT * FROM pg_mq_claim_text('fca_batch', 10)");
      assertThat(second).isEmpty();
    }
  }

  @Test
  void claim_updatesRowsInPlaceWithoutIndexWrites(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "fca_hot", "text");
      run(c, "INSERT INTO pg_mq_queue_fca_hot (payload) SELECT 'payload ' || i FROM generate_series(1, 500) i");
      c.setAutoCommit(false);

      int claimed = rows(c, "SELECT * FROM pg_mq_claim_text('fca_hot', 500)").size();
      long updated = value(c, Long.class, "SELECT pg_stat_get_xact_tuples_updated('pg_mq_queue_fca_hot'::regclass)");
      long hot = value(c, Long.class, "SELECT pg_stat_get_xact_tuples_hot_updated('pg_mq_queue_fca_hot'::regclass)");
      c.commit();

      assertThat(claimed).isEqualTo(500);
      assertThat(updated).isEqualTo(500);
      assertThat(hot).as("claims that stayed on their page (HOT)").isEqualTo(500);
    }
  }

  @Test
  void ack_twice_secondRaisesPQ010SayingItWasAcked(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "fca_twice", "text");
      long id = sendText(c, "fca_twice", "once");
      UUID token = value(c, UUID.class, "SELECT lease_token FROM pg_mq_claim_text('fca_twice', 1)");
      exec(c, "SELECT pg_mq_ack('fca_twice', ?::bigint, ?::uuid)", id, token);

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_ack('fca_twice', ?::bigint, ?::uuid)", id, token));

      assertThat(e.getSQLState()).isEqualTo("PQ010");
      assertThat(message(e)).isEqualTo("channel \"fca_twice\": ack of message " + id
          + " failed: no such message (already acked, or purged)");
    }
  }

  @Test
  void keepAcked_ackMarksDeliveredAndPurgeRemovesItLater(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "fca_keep", "text");
      exec(c, "SELECT pg_mq_alter_channel('fca_keep', in_keep_acked => true)");
      long id = sendText(c, "fca_keep", "audit me");
      UUID token = value(c, UUID.class, "SELECT lease_token FROM pg_mq_claim_text('fca_keep', 1)");

      List<Long> acked = column(c, Long.class, "SELECT * FROM pg_mq_ack('fca_keep', ARRAY[?::bigint], ARRAY[?::uuid])",
          id, token);

      assertThat(acked).containsExactly(id);
      assertThat(value(c, Boolean.class, "SELECT was_delivered FROM pg_mq_queue_fca_keep WHERE msg_id = ?", id))
          .isTrue();
      assertThat(value(c, Long.class, "SELECT done FROM pg_mq_channel_stats WHERE channel = 'fca_keep'")).isEqualTo(1);
      assertThat(value(c, Long.class, "SELECT pg_mq_purge('fca_keep', interval '0')")).isEqualTo(1);
      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_fca_keep")).isZero();
    }
  }

  @Test
  void claimAndAckStatements_preparedByAClient_behaveAsTheFunctions(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "fca_prepared", "bytea");
      long first = value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('fca_prepared', '\\x01'::bytea)");
      long second = value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message('fca_prepared', '\\x02'::bytea)");
      run(c, "PREPARE fca_claim(text, integer, interval) AS "
          + value(c, String.class, "SELECT pg_mq_claim_sql('pg_mq_queue_fca_prepared', 'bytea')"));
      run(c, "PREPARE fca_ack(text, bigint[], uuid[]) AS "
          + value(c, String.class, "SELECT pg_mq_ack_sql('pg_mq_queue_fca_prepared')"));

      List<Map<String, Object>> claimed = rows(c, "EXECUTE fca_claim('fca_prepared', 1, NULL)");
      assertThat(claimed).singleElement().satisfies(r -> {
        assertThat(r.get("msg_id")).isEqualTo(first);
        assertThat(r.get("attempt")).isEqualTo(1);
        assertThat((byte[]) r.get("payload")).containsExactly(1);
      });
      Object token = claimed.get(0).get("lease_token");
      assertThat(value(c, Boolean.class, "SELECT visible_at > now() + interval '29 seconds'"
          + " FROM pg_mq_queue_fca_prepared WHERE msg_id = ?", first)).as("the channel's default lease, 30 s").isTrue();

      // EXECUTE is a utility statement: it takes no bind parameters, so the arrays are literals
      String ack = "EXECUTE fca_ack('fca_prepared', '{" + first + "}', '{" + token + "}')";
      assertThat(column(c, Long.class, ack)).containsExactly(first);
      assertThat(column(c, Long.class, ack)).as("a second ack of the same lease").isEmpty();
      assertThat(column(c, Long.class, "SELECT msg_id FROM pg_mq_queue_fca_prepared")).containsExactly(second);
    }
  }

  @Test
  void channelsMadeBeforeV6_getItsStorageAndReceiversMayDelete() throws SQLException {
    try (PgmqDatabase db = PgmqDatabase.create("queues")) {
      TestRoles roles = new TestRoles(db);
      try {
        String worker = roles.create("fca_old_worker");
        Flyway.configure().dataSource(db.dataSource()).schemas("queues").defaultSchema("queues")
            .locations("classpath:db/pgmq").table("pgmq_schema_history").target("5").load().migrate();
        try (Connection c = db.connect()) {
          run(c, "SET search_path = queues");
          createQueue(c, "fca_old", "text");
          exec(c, "SELECT pg_mq_grant_receive('fca_old', ?)", worker);
        }

        Flyway.configure().dataSource(db.dataSource()).schemas("queues").defaultSchema("queues")
            .locations("classpath:db/pgmq").table("pgmq_schema_history").load().migrate();

        try (Connection c = db.connect()) {
          assertThat(value(c, String.class, "SELECT array_to_string(reloptions, ',') FROM pg_class"
              + " WHERE oid = 'queues.pg_mq_queue_fca_old'::regclass")).startsWith("fillfactor=45,");
          assertThat(value(c, Boolean.class,
              "SELECT has_table_privilege(?, 'queues.pg_mq_queue_fca_old', 'DELETE')", worker)).isTrue();
          assertThat(value(c, Boolean.class, "SELECT keep_acked FROM queues.pg_mq_config_catalog"
              + " WHERE channel = 'fca_old'")).isFalse();
        }
      } finally {
        roles.dropAll();
      }
    }
  }

  @Test
  void grantReceive_letsTheRoleAck(PgmqDatabase db) throws SQLException {
    TestRoles roles = new TestRoles(db);
    try {
      String worker = roles.create("fca_worker");
      try (Connection c = db.connect()) {
        createQueue(c, "fca_grant", "text");
        exec(c, "SELECT pg_mq_grant_receive('fca_grant', ?)", worker);
        sendText(c, "fca_grant", "for the worker");
      }
      try (Connection w = roles.connectAs(worker)) {
        Map<String, Object> claimed = Sql.row(w, "SELECT * FROM pg_mq_claim_text('fca_grant', 1)");

        List<Long> acked = column(w, Long.class,
            "SELECT * FROM pg_mq_ack('fca_grant', ARRAY[?::bigint], ARRAY[?::uuid])",
            claimed.get("msg_id"), claimed.get("lease_token"));

        assertThat(acked).containsExactly((Long) claimed.get("msg_id"));
      }
    } finally {
      roles.dropAll();
    }
  }
}
