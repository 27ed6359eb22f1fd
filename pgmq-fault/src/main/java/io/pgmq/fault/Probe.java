package io.pgmq.fault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.core.Utils;

/**
 * The suite's statements about the server rather than the ledger: what pg_mq_channel_stats and pg_stat_activity
 * show, and the faults injected through SQL (terminating backends, VACUUM). Run on a control connection.
 */
final class Probe {

    private Probe() {
    }

    /** A channel's row of {@code pg_mq_channel_stats}: ready, leased, dead tuples. */
    record Stats(long ready, long leased, long deadTuples) {
    }

    static Stats stats(Connection c, FaultChannel<?> channel) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT ready, leased, dead_tuples FROM pg_mq_channel_stats WHERE channel = ?")) {
            s.setString(1, channel.name());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("channel \"" + channel.name() + "\" is not in pg_mq_channel_stats");
                }
                return new Stats(rs.getLong("ready"), rs.getLong("leased"), rs.getLong("dead_tuples"));
            }
        }
    }

    /** Sessions of this database named {@code applicationName} in {@code state} (e.g. {@code idle in transaction}). */
    static long sessions(Connection c, String applicationName, String state) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND application_name = ? AND state = ?")) {
            s.setString(1, applicationName);
            s.setString(2, state);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Terminates, with {@code pg_terminate_backend}, every other session of this database whose application name is
     * {@code LIKE} one of {@code applicationNames}; returns how many it terminated.
     */
    static int terminate(Connection c, List<String> applicationNames) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                + "AND application_name LIKE ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", applicationNames.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Sessions of this database whose application name is {@code LIKE} {@code pattern}, in any state. */
    static long sessionsLike(Connection c, String pattern) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND application_name LIKE ?")) {
            s.setString(1, pattern);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Runs {@code VACUUM} on a channel's table, as autovacuum's next visit would. */
    static void vacuum(Connection c, FaultChannel<?> channel) throws SQLException {
        StringBuilder sql = new StringBuilder("VACUUM ");
        Utils.escapeIdentifier(sql, channel.channel().schema());
        sql.append('.');
        Utils.escapeIdentifier(sql, channel.channel().tableName());
        try (Statement s = c.createStatement()) {
            s.execute(sql.toString());
        }
    }
}
