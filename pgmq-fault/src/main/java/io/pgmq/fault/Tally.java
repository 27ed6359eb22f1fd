package io.pgmq.fault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the ledger says after a scenario: every committed message handled (else lost), nothing handled that was not
 * committed, each handling of the message its producer sent, and each repeat explained.
 *
 * @param committed   messages whose send committed ({@code fault_sent} rows)
 * @param handled     handlings ({@code fault_ledger} rows)
 * @param lost        ids committed and never handled, at most {@link #LISTED} of them
 * @param lostCount   how many ids were lost
 * @param phantoms    ids handled that no committed send had (a rolled-back send delivered), at most {@link #LISTED}
 * @param mismatched  handlings whose channel or msg_id differ from the send of their id, at most {@link #LISTED}
 * @param repeats     every repeat, explained or not
 * @param deadLetters messages in the channels' dead letters
 */
record Tally(long committed, long handled, List<Long> lost, long lostCount, List<Long> phantoms,
             List<Handled> mismatched, List<Repeat> repeats, long deadLetters) {

    /** How many lost ids, phantoms and mismatches a tally lists (it counts all lost ones). */
    static final int LISTED = 100;

    Tally {
        lost = List.copyOf(lost);
        phantoms = List.copyOf(phantoms);
        mismatched = List.copyOf(mismatched);
        repeats = List.copyOf(repeats);
    }

    /** Repeats nothing explains. */
    List<Repeat> unexplained() {
        return repeats.stream().filter(r -> !r.why().explained()).toList();
    }

    /** Lost nothing, delivered nothing uncommitted or mismatched, and every repeat is explained. */
    boolean clean() {
        return lostCount == 0 && phantoms.isEmpty() && mismatched.isEmpty() && unexplained().isEmpty()
                && deadLetters == 0;
    }

    /** Reads the tally of the scenario that ran in the database {@code c} is connected to. */
    static Tally read(Connection c, Timeline timeline) throws SQLException {
        long committed = single(c, "SELECT count(*) FROM fault_sent");
        long handled = single(c, "SELECT count(*) FROM fault_ledger");
        String lostIds = "FROM fault_sent s WHERE NOT EXISTS (SELECT 1 FROM fault_ledger l WHERE l.id = s.id)";
        long lostCount = single(c, "SELECT count(*) " + lostIds);
        List<Long> lost = ids(c, "SELECT s.id " + lostIds + " ORDER BY s.id LIMIT " + LISTED);
        List<Long> phantoms = ids(c, "SELECT DISTINCT l.id FROM fault_ledger l WHERE NOT EXISTS "
                + "(SELECT 1 FROM fault_sent s WHERE s.id = l.id) ORDER BY l.id LIMIT " + LISTED);
        List<Handled> mismatched = handlings(c, "SELECT l.* FROM fault_ledger l JOIN fault_sent s ON s.id = l.id "
                + "WHERE l.msg_id <> s.msg_id OR l.channel <> s.channel ORDER BY l.seq LIMIT " + LISTED);
        List<Handled> twice = handlings(c, "SELECT * FROM fault_ledger WHERE id IN "
                + "(SELECT id FROM fault_ledger GROUP BY id HAVING count(*) > 1) ORDER BY id, handled_at, seq");
        List<Repeat> repeats = new ArrayList<>();
        for (int i = 1; i < twice.size(); i++) {
            if (twice.get(i).id() == twice.get(i - 1).id()) {
                repeats.add(Repeat.of(twice.get(i - 1), twice.get(i), timeline));
            }
        }
        long dead = single(c, "SELECT coalesce(sum(dead), 0) FROM pg_mq_channel_stats");
        return new Tally(committed, handled, lost, lostCount, phantoms, mismatched, repeats, dead);
    }

    /** Messages not yet done in any channel: ready, leased or delayed. */
    static long open(Connection c) throws SQLException {
        return single(c, "SELECT coalesce(sum(ready + leased + delayed), 0) FROM pg_mq_channel_stats");
    }

    /** Every handling of message {@code id}, oldest first. */
    static List<Handled> handlingsOf(Connection c, long id) throws SQLException {
        return handlings(c, "SELECT * FROM fault_ledger WHERE id = ? ORDER BY handled_at, seq", id);
    }

    /** When the last handling was recorded, if any was. */
    static Optional<Instant> lastHandled(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(handled_at) FROM fault_ledger")) {
            rs.next();
            return Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant);
        }
    }

    /** Handlings recorded in {@code [from, to)}. */
    static long handledBetween(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM fault_ledger WHERE handled_at >= ? AND handled_at < ?")) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Recovery from a fault that ended at {@code end}: how long after it the last message whose send was first tried
     * before it ended was first handled (zero if all of them were handled before it ended). Empty if none was tried
     * before.
     */
    static Optional<Duration> recovery(Connection c, Instant end) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT max(h.first) FROM fault_sent s "
                + "JOIN (SELECT id, min(handled_at) AS first FROM fault_ledger GROUP BY id) h ON h.id = s.id "
                + "WHERE s.tried_at <= ?")) {
            s.setTimestamp(1, Timestamp.from(end));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Timestamp last = rs.getTimestamp(1);
                if (last == null) {
                    return Optional.empty();
                }
                Duration d = Duration.between(end, last.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            }
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> ids(Connection c, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static List<Handled> handlings(Connection c, String sql, long... params) throws SQLException {
        List<Handled> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setLong(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp expires = rs.getTimestamp("lease_expires_at");
                    rows.add(new Handled(rs.getLong("seq"), rs.getLong("id"), rs.getString("channel"),
                            rs.getLong("msg_id"), rs.getInt("attempt"),
                            Optional.ofNullable(rs.getObject("lease_token", UUID.class)),
                            Optional.ofNullable(expires).map(Timestamp::toInstant),
                            Optional.ofNullable(rs.getString("last_error")), rs.getString("consumer"),
                            rs.getTimestamp("handled_at").toInstant()));
                }
            }
        }
        return rows;
    }
}
