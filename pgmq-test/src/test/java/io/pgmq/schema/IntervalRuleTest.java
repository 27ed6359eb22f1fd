package io.pgmq.schema;

import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.hint;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.row;
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
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * V10 (issue 14, F6): every interval pgmq takes is judged by where it lands. {@code interval '361 days -12 mons'} is
 * greater than {@code interval '0'} by PostgreSQL's comparison, yet now() + it is four days ago.
 */
@PgmqTest
class IntervalRuleTest {

  private static final String LANDS_IN_THE_PAST = "interval '361 days -12 mons'";

  /** The case: the claimed message was at once claimable by a second consumer. */
  @Test
  void claim_withALeaseThatLandsInThePast_raisesPQ005AndClaimsNothing(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      long id = channel(c, "ir_claim");

      PSQLException e = sqlError(() -> rows(c, "SELECT * FROM pg_mq_claim_text('ir_claim', 1, "
          + LANDS_IN_THE_PAST + ")"));

      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).isEqualTo("channel \"ir_claim\": lease must be positive, was -1 years +361 days");
      assertThat(e.getServerErrorMessage().getDetail()).startsWith("Its parts have mixed signs (-12 months, 361 days,");
      assertThat(hint(e)).contains("every part of it positive or zero");
      assertThat(rows(c, "SELECT * FROM pg_mq_claim_text('ir_claim', 1)")).singleElement()
          .satisfies(r -> assertThat(r.get("msg_id")).isEqualTo(id));
    }
  }

  /** The statement the runtime prepares checks the lease it is given in the statement itself. */
  @Test
  void preparedClaimStatement_withALeaseThatLandsInThePast_raisesPQ005(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      channel(c, "ir_prepared");
      run(c, "PREPARE ir_claim(text, interval) AS "
          + value(c, String.class, "SELECT pg_mq_claim_sql('pg_mq_queue_ir_prepared', 'text', 10)"));

      PSQLException e = sqlError(() -> rows(c, "EXECUTE ir_claim('ir_prepared', " + LANDS_IN_THE_PAST + ")"));

      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(rows(c, "EXECUTE ir_claim('ir_prepared', interval '30 seconds')")).hasSize(1);
    }
  }

  @Test
  void extendLease_thatLandsInThePast_raisesPQ005(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      channel(c, "ir_extend");
      Map<String, Object> claimed = row(c, "SELECT * FROM pg_mq_claim_text('ir_extend', 1)");

      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_extend_lease('ir_extend', ?::bigint, ?::uuid, "
          + LANDS_IN_THE_PAST + ")", claimed.get("msg_id"), claimed.get("lease_token"))).getSQLState())
          .isEqualTo("PQ005");
    }
  }

  @Test
  void alterChannel_withALeaseOrBackoffThatMixesSigns_raisesPQ005(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      channel(c, "ir_alter");
      for (String argument : new String[] {"in_lease", "in_backoff_base", "in_backoff_max"}) {
        // lands in the future today (a month minus 29 days), in the past from the last days of February
        assertThat(sqlError(() -> exec(c, "SELECT pg_mq_alter_channel('ir_alter', " + argument
            + " => interval '1 mon -29 days')")).getSQLState()).as(argument).isEqualTo("PQ005");
      }
    }
  }

  @Test
  void nackAndFailDelays_mayBeZeroButNotMixedOrNegative(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      channel(c, "ir_delays");
      sendText(c, "ir_delays", "second");
      Map<String, Object> leased = row(c, "SELECT * FROM pg_mq_claim_text('ir_delays', 1)");
      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_nack('ir_delays', ?::bigint, ?::uuid, 'e', "
          + LANDS_IN_THE_PAST + ")", leased.get("msg_id"), leased.get("lease_token"))).getSQLState())
          .isEqualTo("PQ005");
      exec(c, "SELECT pg_mq_nack('ir_delays', ?::bigint, ?::uuid, 'e', interval '0')", leased.get("msg_id"),
          leased.get("lease_token"));
      c.setAutoCommit(false);
      long locked = value(c, Long.class, "SELECT msg_id FROM pg_mq_claim_locked_text('ir_delays', 1)");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_fail('ir_delays', ?::bigint, 'e', interval '-1 second')",
          locked));
      c.rollback();

      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).isEqualTo("channel \"ir_delays\": fail delay must not be negative, was -00:00:01");
    }
  }

  @Test
  void retentionAndPurge_thatMixSigns_raisePQ005_andPurgeTakesZero(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      channel(c, "ir_retention");

      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_set_retention('ir_retention', " + LANDS_IN_THE_PAST + ")"))
          .getSQLState()).isEqualTo("PQ005");
      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_set_retention('ir_retention', NULL, " + LANDS_IN_THE_PAST
          + ")")).getSQLState()).isEqualTo("PQ005");
      assertThat(sqlError(() -> exec(c, "SELECT pg_mq_purge('ir_retention', interval '-1 mon 31 days')"))
          .getSQLState()).isEqualTo("PQ005");
      assertThat(value(c, Long.class, "SELECT pg_mq_purge('ir_retention', interval '0')")).isZero();
    }
  }

  /** The catalog holds its stored intervals to the rule whoever writes the row (a trigger, not only the functions). */
  @Test
  void catalogUpdatedByHand_withAMixedInterval_raisesPQ005(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      channel(c, "ir_catalog");

      assertThat(sqlError(() -> exec(c, "UPDATE pg_mq_config_catalog SET default_lease = " + LANDS_IN_THE_PAST
          + " WHERE channel = 'ir_catalog'")).getSQLState()).isEqualTo("PQ005");
    }
  }

  @Test
  void lease_thatNeverEndsOrOverflows_raisesPQ005(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      channel(c, "ir_forever");
      boolean infiniteIntervals = value(c, Integer.class, "SELECT current_setting('server_version_num')::int") >= 170000;
      String forever = infiniteIntervals ? "interval 'infinity'" : "interval '300000 years'";

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_alter_channel('ir_forever', in_lease => " + forever + ")"));

      assertThat(e.getSQLState()).isEqualTo("PQ005");
      assertThat(message(e)).matches("channel \"ir_forever\": lease (must be finite|is too long), was .*");
    }
  }

  @Test
  void settingsStoredBeforeV10ThatMixSigns_areResetToTheirDefaultsByTheMigration() throws SQLException {
    try (PgmqDatabase old = PgmqDatabase.create("queues");
        Connection c = old.connect()) {
      migrate(old, "9");
      run(c, "SET search_path = queues");
      createQueue(c, "ir_old", "text");
      exec(c, "SELECT pg_mq_alter_channel('ir_old', in_lease => " + LANDS_IN_THE_PAST + ")");
      exec(c, "SELECT pg_mq_set_retention('ir_old', interval '3 days')");

      migrate(old, null);

      assertThat(value(c, String.class, "SELECT default_lease::text FROM pg_mq_config_catalog"
          + " WHERE channel = 'ir_old'")).isEqualTo("00:00:30");
      assertThat(value(c, String.class, "SELECT retention::text FROM pg_mq_config_catalog"
          + " WHERE channel = 'ir_old'")).isEqualTo("3 days");
    }
  }

  private static void migrate(PgmqDatabase db, String target) {
    var config = Flyway.configure().dataSource(db.dataSource()).schemas("queues").defaultSchema("queues")
        .locations("classpath:db/pgmq").table("pgmq_schema_history");
    (target == null ? config : config.target(target)).load().migrate();
  }

  private static long channel(Connection c, String channel) throws SQLException {
    createQueue(c, channel, "text");
    return sendText(c, channel, "waiting " + UUID.randomUUID());
  }
}
