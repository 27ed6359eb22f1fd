package io.pgmq.bench;

import io.pgmq.TextChannel;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Issue 15's getter point through the SQL API: {@code pg_mq_get_msg_text(channel, 100)} (what psql and non-Java
 * clients call to receive at-most-once) against the raw {@code UPDATE ... SET was_delivered = true WHERE msg_id IN
 * (SELECT ... ORDER BY msg_id LIMIT 100 FOR UPDATE SKIP LOCKED) RETURNING ...}, and the same UPDATE with {@code
 * msg_id = ANY (ARRAY(SELECT ...))}, the form pgmq's statement uses; each on a table of the channel's shape and
 * storage parameters, from the same fresh backlog, autocommit, at 1 and 2 sessions. Target: pgmq >= 0.85x the faster
 * raw form.
 */
final class SqlGetBench implements Scenario {

    static final double TARGET = 0.85;
    static final int BATCH = 100;
    private static final String CHANNEL = "bench_sql_get";
    private static final String RAW = "raw_sql_get";

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress)
            throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.createChannel(c, CHANNEL);
            BaselineSql.createRawTable(c, RAW);
            // the raw table gets a channel table's fillfactor and autovacuum settings, so only the getter differs
            BaselineSql.setQueueStorage(c, RAW);
        }
        String table = TextChannel.of(CHANNEL).tableName();
        int backlog = backlog(settings);
        AtomicBoolean drained = new AtomicBoolean();
        List<Row> rows = new ArrayList<>();
        for (int sessions : new int[] {1, 2}) {
            String scenario = "SQL pg_mq_get_msg_text by " + BATCH + ", " + sessions
                    + (sessions == 1 ? " session" : " sessions");
            Rounds.Reset refillRaw = c -> refillOnly(c, RAW, table, backlog);
            List<Rounds.Side> sides = List.of(
                    new Rounds.Side("pgmq", sessions, c -> refillOnly(c, table, RAW, backlog),
                            c -> noting(drained, getMessages(c, CHANNEL))),
                    new Rounds.Side("raw UPDATE ... IN (SELECT ...)", sessions, refillRaw,
                            c -> noting(drained, rawMarkDelivered(c, false))),
                    new Rounds.Side("raw UPDATE ... = ANY (ARRAY(SELECT ...))", sessions, refillRaw,
                            c -> noting(drained, rawMarkDelivered(c, true))));
            double[][] rates = Rounds.measure(scenario, sides, dataSource, settings, progress);
            int fastest = Bench.median(rates[2]) > Bench.median(rates[1]) ? 2 : 1;
            List<String> each = new ArrayList<>();
            for (int i = 1; i < sides.size(); i++) {
                each.add(String.format(Locale.ROOT, "%s %,.0f (%.3fx)", sides.get(i).label(), Bench.median(rates[i]),
                        Bench.median(rates[0]) / Bench.median(rates[i])));
            }
            String note = "raw = the faster raw form, " + sides.get(fastest).label() + "; each: "
                    + String.join(", ", each) + (drained.getAndSet(false)
                            ? String.format(Locale.ROOT, "; the backlog of %,d drained before the deadline in a run",
                                    backlog) : "");
            rows.add(Rounds.ratioRow(scenario + ", vs raw UPDATE ... SKIP LOCKED", "msg/s", rates[0], rates[fastest],
                    TARGET, note));
        }
        return rows;
    }

    @Override
    public String sides(Settings settings) {
        return "SQL getters: `SELECT msg_id, sent_by, was_delivered, payload FROM pg_mq_get_msg_text(?, " + BATCH
                + ")` (the 2012 SQL API's at-most-once receive, prepared) against a prepared `UPDATE raw_sql_get SET "
                + "was_delivered = true WHERE msg_id IN (SELECT msg_id FROM raw_sql_get WHERE NOT was_delivered AND "
                + "dead_at IS NULL AND visible_at <= now() ORDER BY msg_id LIMIT " + BATCH + " FOR UPDATE SKIP "
                + "LOCKED) RETURNING msg_id, sent_by, was_delivered, payload` and the same with `msg_id = ANY "
                + "(ARRAY(SELECT ...))` (the form of pgmq's statement), into a table of the channel's shape with the "
                + "channel tables' storage parameters (`pg_mq_set_queue_storage`); the ratio is against the faster raw "
                + "form, named in the note; autocommit, every row's four columns read; each run starts from a fresh "
                + "backlog of " + String.format(Locale.ROOT, "%,d", backlog(settings)) + " messages (vacuumed and "
                + "analyzed) with the other table emptied (so autovacuum has no earlier run's dead rows to clean up "
                + "during it), the order of the three sides rotating every round.";
    }

    /**
     * Fills {@code table} with a fresh backlog and empties {@code other}: the previous side's table would otherwise
     * keep the dead rows of its run, and autovacuum would clean them up during this side's run, on the same cores.
     */
    private static void refillOnly(Connection c, String table, String other, int backlog) throws SQLException {
        BaselineSql.truncate(c, other);
        BaselineSql.refill(c, table, backlog, Bench.PAYLOAD);
    }

    /** Twice the claim scenarios' backlog: a getter by 100 marks rows delivered faster than a claim + ack. */
    private static int backlog(Settings settings) {
        return 2 * settings.backlog();
    }

    /** pgmq's getter on {@code channel}, autocommit: up to {@value #BATCH} messages per call. */
    static Load.Op getMessages(Connection c, String channel) throws SQLException {
        PreparedStatement get = BaselineSql.getMessages(c, BATCH);
        get.setString(1, channel);
        return () -> readAll(get);
    }

    /** The raw at-most-once receive of up to {@value #BATCH} ready rows, autocommit. */
    private static Load.Op rawMarkDelivered(Connection c, boolean anyArray) throws SQLException {
        PreparedStatement update = BaselineSql.markDelivered(c, RAW, BATCH, anyArray);
        return () -> readAll(update);
    }

    /** Runs a statement that returns (msg_id, sent_by, was_delivered, payload) rows and reads every column. */
    private static int readAll(PreparedStatement statement) throws SQLException {
        int rows = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rs.getLong(1);
                rs.getString(2);
                rs.getBoolean(3);
                rs.getString(4);
                rows++;
            }
        }
        return rows;
    }

    /** {@code op}, recording in {@code drained} when it found nothing left (which ends that thread's run early). */
    private static Load.Op noting(AtomicBoolean drained, Load.Op op) {
        return () -> {
            int n = op.run();
            if (n == 0) {
                drained.set(true);
            }
            return n;
        };
    }
}
