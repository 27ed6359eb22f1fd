package io.pgmq.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The harness's SQL statements, but for the steady state's table-health ones ({@link TableHealthSql}): the setup of
 * the scratch tables and the raw JDBC baselines pgmq is measured against. Raw tables have the channel tables' shape ({@code LIKE pg_mq_shape_text INCLUDING ALL}) and the same
 * {@code pg_mq_notify} trigger, so the only difference left is pgmq's own code path.
 */
final class BaselineSql {

    private BaselineSql() {
    }

    /** Quotes an identifier the way jOOQ does ({@code "raw_send"}). */
    static String quoted(String identifier) {
        return DSL.using(SQLDialect.POSTGRES).render(DSL.name(identifier));
    }

    /** Creates the text channel {@code channel} with pgmq's own function (table, catalog row, notify trigger). */
    static void createChannel(Connection c, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_mq_create_queue(?, 'text')")) {
            ps.setString(1, channel);
            ps.execute();
        }
    }

    /** Creates a raw table of the channel shape with the channels' per-row NOTIFY trigger. */
    static void createRawTable(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + quoted(table) + " (LIKE pg_mq_shape_text INCLUDING ALL)");
            // the trigger argument is the NOTIFY channel, as pg_mq_create_trigger writes it; a literal by necessity
            s.execute("CREATE TRIGGER pg_mq_notify AFTER INSERT ON " + quoted(table)
                    + " FOR EACH ROW EXECUTE FUNCTION pg_mq_notify('" + table + "')");
        }
    }

    /** Empties a table (no vacuum debt carried into the next run). */
    static void truncate(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + quoted(table));
        }
    }

    /**
     * Empties {@code table} and fills it with {@code rows} copies of {@code payload} in one statement, with the
     * notify trigger off (a backlog, not sends), then vacuums and analyzes it so both sides start alike.
     */
    static void refill(Connection c, String table, int rows, String payload) throws SQLException {
        truncate(c, table);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + quoted(table) + " DISABLE TRIGGER USER");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + quoted(table) + " (payload) SELECT ? FROM generate_series(1, ?)")) {
            ps.setString(1, payload);
            ps.setInt(2, rows);
            ps.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + quoted(table) + " ENABLE TRIGGER USER");
            s.execute("VACUUM (ANALYZE) " + quoted(table));
        }
    }

    /** The raw send: what a user writes without pgmq. */
    static PreparedStatement insertReturningId(Connection c, String table) throws SQLException {
        return c.prepareStatement("INSERT INTO " + quoted(table) + " (payload) VALUES (?) RETURNING msg_id");
    }

    /** The raw claim: oldest first, skipping rows other consumers hold. Parameter 1 is the batch size. */
    static PreparedStatement selectForUpdateSkipLocked(Connection c, String table) throws SQLException {
        return c.prepareStatement("SELECT msg_id, payload FROM " + quoted(table)
                + " ORDER BY msg_id LIMIT ? FOR UPDATE SKIP LOCKED");
    }

    /** The raw ack: delete what was claimed. Parameter 1 is a {@code bigint[]}. */
    static PreparedStatement deleteByIds(Connection c, String table) throws SQLException {
        return c.prepareStatement("DELETE FROM " + quoted(table) + " WHERE msg_id = ANY(?)");
    }

    /** Gives a raw table a channel table's storage parameters (fillfactor, autovacuum), with pgmq's own function. */
    static void setQueueStorage(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_mq_set_queue_storage(?)")) {
            ps.setString(1, table);
            ps.execute();
        }
    }

    /** pgmq's SQL getter, at-most-once: parameter channel; rows of {@code msg_id, sent_by, was_delivered, payload}. */
    static PreparedStatement getMessages(Connection c, int batch) throws SQLException {
        return c.prepareStatement("SELECT msg_id, sent_by, was_delivered, payload FROM pg_mq_get_msg_text(?, "
                + batch + ")");
    }

    /**
     * The raw at-most-once receive: marks up to {@code batch} ready rows delivered, oldest first, skipping rows others
     * hold, and returns them, with {@code msg_id IN (SELECT ...)}, or {@code msg_id = ANY (ARRAY(SELECT ...))} when
     * {@code anyArray}.
     */
    static PreparedStatement markDelivered(Connection c, String table, int batch, boolean anyArray)
            throws SQLException {
        String ready = "SELECT msg_id FROM " + quoted(table) + " WHERE NOT was_delivered AND dead_at IS NULL AND "
                + "visible_at <= now() ORDER BY msg_id LIMIT " + batch + " FOR UPDATE SKIP LOCKED";
        return c.prepareStatement("UPDATE " + quoted(table) + " SET was_delivered = true WHERE msg_id "
                + (anyArray ? "= ANY (ARRAY(" + ready + "))" : "IN (" + ready + ")")
                + " RETURNING msg_id, sent_by, was_delivered, payload");
    }

    /** Creates a raw table of the channel shape with no trigger at all: an INSERT that never notifies. */
    static void createRawTableWithoutTrigger(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + quoted(table) + " (LIKE pg_mq_shape_text INCLUDING ALL)");
        }
    }

    /** Sets a channel's fillfactor with pgmq's function (100 for a channel consumed only with locked claims). */
    static void setFillfactor(Connection c, String channel, int fillfactor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_mq_set_fillfactor(?, ?)")) {
            ps.setString(1, channel);
            ps.setInt(2, fillfactor);
            ps.execute();
        }
    }

    /**
     * Sets the retry backoff of {@code channel}: {@code base} doubling up to {@code max}, each retry after half to all
     * of it (pgmq's jitter); equal values fix the backoff at half to all of {@code base}.
     */
    static void setBackoff(Connection c, String channel, Duration base, Duration max) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_mq_alter_channel(?, in_backoff_base => ?::interval,"
                + " in_backoff_max => ?::interval)")) {
            ps.setString(1, channel);
            ps.setString(2, base.toMillis() + " milliseconds");
            ps.setString(3, max.toMillis() + " milliseconds");
            ps.execute();
        }
    }

    /**
     * Records when each nacked message of {@code channel} is due again: a trigger copies the {@code visible_at} a nack
     * sets (its retry time, after the backoff) into {@code bench_retries}, so lateness is measured against the time
     * the database chose, jitter included. Bench instrumentation only; a claim, which keeps {@code last_error}, does
     * not fire it.
     */
    static void recordRetries(Connection c, String channel) throws SQLException {
        String table = quoted("pg_mq_queue_" + channel);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_retries"
                    + " (msg_id bigint PRIMARY KEY, retry_at timestamptz NOT NULL)");
            s.execute("CREATE OR REPLACE FUNCTION bench_record_retry() RETURNS trigger LANGUAGE plpgsql AS $fn$"
                    + " BEGIN INSERT INTO bench_retries VALUES (NEW.msg_id, NEW.visible_at)"
                    + " ON CONFLICT (msg_id) DO UPDATE SET retry_at = EXCLUDED.retry_at; RETURN NEW; END $fn$");
            s.execute("CREATE TRIGGER bench_record_retry AFTER UPDATE OF last_error ON " + table + " FOR EACH ROW"
                    + " WHEN (NEW.last_error IS DISTINCT FROM OLD.last_error AND NEW.dead_at IS NULL)"
                    + " EXECUTE FUNCTION bench_record_retry()");
        }
    }

    /** The retry times {@link #recordRetries} recorded, by msg_id. */
    static Map<Long, Instant> retryTimes(Connection c) throws SQLException {
        Map<Long, Instant> retries = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT msg_id, retry_at FROM bench_retries")) {
            while (rs.next()) {
                retries.put(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
        return retries;
    }

    /** Sets a channel's notify mode ({@code always}, {@code when_idle} or {@code never}) with pgmq's function. */
    static void setNotifyMode(Connection c, String channel, String mode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_mq_set_notify_mode(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, mode);
            ps.execute();
        }
    }

    /** How many consumers are registered idle on any channel (a when_idle send notifies only when some are). */
    static long idleConsumers(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_mq_idle_consumers")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * pgmq's SQL send, as a psql or non-Java client calls it. Parameters: channel, payload; returns the
     * {@code msg_id}. The casts pick the text overload, as an untyped literal in psql does.
     */
    static PreparedStatement sendMessage(Connection c) throws SQLException {
        return c.prepareStatement("SELECT msg_id FROM pg_mq_send_message(?::text, ?::text)");
    }

    /**
     * The raw bulk insert: one {@code INSERT ... VALUES (?), (?), ...} of {@code rows} rows, parameters 1..rows the
     * payloads, with {@code RETURNING msg_id} when {@code returningIds} (without, it is what a JDBC batch with
     * {@code reWriteBatchedInserts} sends).
     */
    static PreparedStatement multiRowInsert(Connection c, String table, int rows, boolean returningIds)
            throws SQLException {
        return c.prepareStatement("INSERT INTO " + quoted(table) + " (payload) VALUES "
                + String.join(", ", Collections.nCopies(rows, "(?)")) + (returningIds ? " RETURNING msg_id" : ""));
    }

    /** The raw bulk insert with one array parameter, in array order: parameter 1 is a {@code text[]}. */
    static PreparedStatement unnestInsertReturningIds(Connection c, String table) throws SQLException {
        return c.prepareStatement("INSERT INTO " + quoted(table) + " (payload) SELECT u.p FROM unnest(?::text[]) "
                + "WITH ORDINALITY AS u(p, o) ORDER BY u.o RETURNING msg_id");
    }

    /** {@code COPY <table> (payload) FROM STDIN} in text format, for pgjdbc's {@code CopyManager}. */
    static String copyPayloads(String table) {
        return "COPY " + quoted(table) + " (payload) FROM STDIN";
    }

    /** Sets how long a channel keeps finished messages and dead letters, with pgmq's function. */
    static void setRetention(Connection c, String channel, Duration retention) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_mq_set_retention(?, make_interval(secs => ?), make_interval(secs => ?))")) {
            ps.setString(1, channel);
            ps.setDouble(2, retention.toMillis() / 1000.0);
            ps.setDouble(3, retention.toMillis() / 1000.0);
            ps.execute();
        }
    }

    /**
     * pgmq's SQL claim: parameters channel, batch size, lease in seconds; rows of {@code msg_id, lease_token,
     * payload}.
     */
    static PreparedStatement claimText(Connection c) throws SQLException {
        return c.prepareStatement("SELECT msg_id, lease_token, payload FROM pg_mq_claim_text(?, ?, "
                + "make_interval(secs => ?))");
    }

    /** pgmq's SQL ack of a batch: parameters channel, {@code bigint[]} ids, {@code uuid[]} lease tokens. */
    static PreparedStatement ackAll(Connection c) throws SQLException {
        return c.prepareStatement("SELECT count(*) FROM pg_mq_ack(?, ?, ?)");
    }

    /** pgmq's retention purge, one batch: parameter channel; returns the rows deleted. */
    static PreparedStatement purge(Connection c) throws SQLException {
        return c.prepareStatement("SELECT pg_mq_purge(?)");
    }

    /** Reads one server setting with {@code current_setting}. */
    static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
