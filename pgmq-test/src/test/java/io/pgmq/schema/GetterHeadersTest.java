package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.rows;
import static io.pgmq.schema.Sql.run;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V14 (issue 17): every getter, the four 2012 ones (generated per channel) and the two jsonb ones, returns the
 * message's headers as a trailing column; the 2012 columns msg_id, sent_by, was_delivered and payload stay first
 * with their names and types, so positional and by-name readers of them are unaffected.
 */
@PgmqTest
class GetterHeadersTest {

  private static final String HEADERS = "{\"tenant\":\"acme\"}";

  /** A getter, the channel type it reads, its payload column's type, and whether it reads by id. */
  private record Getter(String function, String channelType, String payloadType, boolean byId) {
    String call(String channel, long id) {
      return "SELECT * FROM " + function + "('" + channel + "', " + (byId ? id : 10) + ")";
    }
  }

  private static final List<Getter> GETTERS = List.of(
      new Getter("pg_mq_get_msg_text", "text", "text", false),
      new Getter("pg_mq_get_msg_bin", "bytea", "bytea", false),
      new Getter("pg_mq_get_msg_id_text", "text", "text", true),
      new Getter("pg_mq_get_msg_id_bin", "bytea", "bytea", true),
      new Getter("pg_mq_get_msg_jsonb", "jsonb", "jsonb", false),
      new Getter("pg_mq_get_msg_id_jsonb", "jsonb", "jsonb", true));

  @Test
  void everyGetter_returnsTheHeadersAsATrailingColumn_afterTheFour2012Columns(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      for (Getter getter : GETTERS) {
        String channel = "gh_" + getter.function().substring("pg_mq_get_".length());
        createQueue(c, channel, getter.channelType());
        long id = send(c, channel, getter.channelType(), HEADERS);

        try (PreparedStatement ps = c.prepareStatement(getter.call(channel, id));
            ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData md = rs.getMetaData();
          List<String> columns = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i));
          }
          assertThat(columns).as(getter.function()).containsExactly("msg_id int8", "sent_by name",
              "was_delivered bool", "payload " + getter.payloadType(), "headers jsonb");
          assertThat(rs.next()).as(getter.function()).isTrue();
          assertThat(rs.getLong(1)).as(getter.function()).isEqualTo(id);
          assertThat(rs.getString(2)).as(getter.function()).isEqualTo(db.user());
          assertThat(rs.getBoolean(3)).as(getter.function()).isTrue();
          assertThat(rs.getString("headers")).as(getter.function()).isEqualTo(jsonb(c, HEADERS));
        }
      }
    }
  }

  @Test
  void everyGetter_returnsNullHeadersForAMessageSentWithout(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      for (Getter getter : GETTERS) {
        String channel = "gh_none_" + getter.function().substring("pg_mq_get_".length());
        createQueue(c, channel, getter.channelType());
        long id = send(c, channel, getter.channelType(), null);

        List<Map<String, Object>> got = rows(c, getter.call(channel, id));

        assertThat(got).as(getter.function()).singleElement()
            .satisfies(r -> assertThat(r).containsEntry("msg_id", id).containsEntry("headers", null));
      }
    }
  }

  @Test
  void byIdGetters_returnTheHeadersAgainWhenReadingADeliveredMessage(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "gh_again", "text");
      long id = send(c, "gh_again", "text", HEADERS);
      rows(c, "SELECT * FROM pg_mq_get_msg_text('gh_again', 1)");

      assertThat(value(c, String.class, "SELECT headers::text FROM pg_mq_get_msg_id_text('gh_again', ?)", id))
          .isEqualTo(jsonb(c, HEADERS));
      assertThat(value(c, String.class, "SELECT headers::text FROM pg_mq_get_msg_id_bin('gh_again', ?)", id))
          .isEqualTo(jsonb(c, HEADERS));
    }
  }

  @Test
  void getters_onAChannelTheGeneratedCodeDoesNotKnow_returnTheHeadersThroughTheFallback(PgmqDatabase db)
      throws SQLException {
    try (Connection c = db.connect()) {
      run(c, "ALTER TABLE pg_mq_config_catalog DISABLE TRIGGER pg_mq_catalog_changed_get");
      createQueue(c, "gh_unrouted", "text");
      run(c, "ALTER TABLE pg_mq_config_catalog ENABLE TRIGGER pg_mq_catalog_changed_get");
      long first = send(c, "gh_unrouted", "text", HEADERS);
      long second = send(c, "gh_unrouted", "text", HEADERS);

      assertThat(value(c, String.class, "SELECT headers::text FROM pg_mq_get_msg_text('gh_unrouted', 1)"))
          .isEqualTo(jsonb(c, HEADERS));
      assertThat(value(c, String.class, "SELECT headers::text FROM pg_mq_get_msg_id_bin('gh_unrouted', ?)", second))
          .isEqualTo(jsonb(c, HEADERS));
      assertThat(value(c, String.class, "SELECT headers::text FROM pg_mq_get_msg_id_text('gh_unrouted', ?)", first))
          .isEqualTo(jsonb(c, HEADERS));
    }
  }

  @Test
  void theReadmeQuery_readsTheFirstColumnsByName(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "gh_readme", "text");
      long id = send(c, "gh_readme", "text", HEADERS);

      assertThat(rows(c, "SELECT msg_id, payload FROM pg_mq_get_msg_text('gh_readme', 10)"))
          .containsExactly(Map.of("msg_id", id, "payload", "payload"));
    }
  }

  /** DROP FUNCTION without CASCADE: a user's view on a getter stops the upgrade, naming it, instead of vanishing. */
  @Test
  void upgradeTo14_withAViewOnAGetter_failsNamingTheView() throws SQLException {
    try (PgmqDatabase old = PgmqDatabase.create("queues")) {
      migrate(old, "13");
      try (Connection c = old.connect()) {
        run(c, "SET search_path = queues");
        createQueue(c, "gh_viewed", "text");
        run(c, "CREATE VIEW queues.gh_next AS SELECT * FROM queues.pg_mq_get_msg_text('gh_viewed', 1)");
      }

      assertThatThrownBy(() -> migrate(old, null))
          .hasMessageContaining("pgmq 14 cannot upgrade the getters: view queues.gh_next uses"
              + " pg_mq_get_msg_text(name,integer)")
          .hasMessageContaining("Drop those objects, migrate, and create them again");
      try (Connection c = old.connect()) {
        assertThat(value(c, Long.class, "SELECT count(*) FROM queues.gh_next")).isZero();
      }
    }
  }

  private static void migrate(PgmqDatabase db, String target) {
    var config = Flyway.configure().dataSource(db.dataSource()).schemas("queues").defaultSchema("queues")
        .locations("classpath:db/pgmq").table("pgmq_schema_history");
    (target == null ? config : config.target(target)).load().migrate();
  }

  private static long send(Connection c, String channel, String type, String headers) throws SQLException {
    String payload = switch (type) {
      case "bytea" -> "'\\x7061796c6f6164'::bytea";
      case "jsonb" -> "'{\"payload\": true}'::text";
      default -> "'payload'::text";
    };
    return value(c, Long.class, "SELECT msg_id FROM pg_mq_send_message(?, " + payload + ", in_headers => ?::jsonb)",
        channel, headers);
  }

  private static String jsonb(Connection c, String json) throws SQLException {
    return value(c, String.class, "SELECT ?::jsonb::text", json);
  }
}
