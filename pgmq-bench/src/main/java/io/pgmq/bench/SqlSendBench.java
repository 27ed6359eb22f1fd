package io.pgmq.bench;

import io.pgmq.TextChannel;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Issue 2's send point through the SQL API: {@code pg_mq_send_message} (what psql and non-Java clients call)
 * against a plain prepared {@code INSERT ... RETURNING msg_id} into a raw table of the same shape with the same
 * per-row {@code pg_mq_notify} trigger, autocommit, at 1 and 4 sessions. Target: pgmq >= 0.85x raw.
 */
final class SqlSendBench implements Scenario {

    static final double TARGET = 0.85;
    private static final String CHANNEL = "bench_sql_send";
    private static final String RAW = "raw_sql_send";

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress)
            throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.createChannel(c, CHANNEL);
            BaselineSql.createRawTable(c, RAW);
        }
        String table = TextChannel.of(CHANNEL).tableName();
        List<Row> rows = new ArrayList<>();
        for (int sessions : new int[] {1, 4}) {
            String scenario = "SQL pg_mq_send_message, " + sessions + (sessions == 1 ? " session" : " sessions");
            List<Rounds.Side> sides = List.of(
                    new Rounds.Side("pgmq", sessions, c -> BaselineSql.truncate(c, table), c -> sqlSend(c, CHANNEL)),
                    new Rounds.Side("raw", sessions, c -> BaselineSql.truncate(c, RAW), c -> rawInsert(c, RAW)));
            double[][] rates = Rounds.measure(scenario, sides, dataSource, settings, progress);
            rows.add(Rounds.ratioRow(scenario, "msg/s", rates[0], rates[1], TARGET, ""));
        }
        return rows;
    }

    @Override
    public String sides(Settings settings) {
        return "SQL send: `SELECT msg_id FROM pg_mq_send_message(?::text, ?::text)` (the SQL API, prepared) against a "
                + "prepared `INSERT INTO raw_sql_send (payload) VALUES (?) RETURNING msg_id`, whose table has the "
                + "channel's shape and the same per-row `pg_mq_notify` trigger; autocommit, one connection per "
                + "session; tables truncated before every run.";
    }

    /** pgmq's SQL send to {@code channel}, autocommit: one message per call. */
    static Load.Op sqlSend(Connection c, String channel) throws SQLException {
        PreparedStatement send = BaselineSql.sendMessage(c);
        send.setString(1, channel);
        send.setString(2, Bench.PAYLOAD);
        return () -> readId(send);
    }

    /** The raw {@code INSERT ... RETURNING msg_id} into {@code table}, autocommit: one row per call. */
    static Load.Op rawInsert(Connection c, String table) throws SQLException {
        PreparedStatement insert = BaselineSql.insertReturningId(c, table);
        insert.setString(1, Bench.PAYLOAD);
        return () -> readId(insert);
    }

    /** Runs a statement that returns one id and reads it, as a caller that needs the id does. */
    private static int readId(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            rs.getLong(1);
        }
        return 1;
    }
}
