package io.pgmq.bench;

import io.pgmq.Pgmq;
import io.pgmq.SendOptions;
import io.pgmq.TextChannel;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * Issue 17's metadata targets: a send with two headers and a dedup key against a raw {@code INSERT} of the same
 * columns into a table of the channel's shape (its jsonb column, unique index and {@code pg_mq_notify} trigger), with
 * {@code ON CONFLICT DO NOTHING}, target >= 0.85x; a duplicate send (a key already taken) against a fresh keyed send,
 * target >= 1.0x (a duplicate costs no more); and a send without headers or key against the raw plain INSERT, to show
 * it unchanged (the text send rows' target, >= 0.9x).
 */
final class MetadataBench implements Scenario {

    private static final String KEYED = "bench_meta_keyed";
    private static final String DUPLICATE = "bench_meta_dup";
    private static final String PLAIN = "bench_meta_plain";
    private static final String RAW = "raw_meta_send";
    private static final String PAYLOAD = "x".repeat(64);

    private final AtomicLong keys = new AtomicLong();

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress)
            throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String channel : List.of(KEYED, DUPLICATE, PLAIN)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_mq_create_queue(?, 'text')")) {
                    ps.setString(1, channel);
                    ps.execute();
                }
            }
            s.execute("CREATE TABLE " + BaselineSql.quoted(RAW) + " (LIKE pg_mq_shape_text INCLUDING ALL)");
            s.execute("CREATE TRIGGER pg_mq_notify AFTER INSERT ON " + BaselineSql.quoted(RAW)
                    + " FOR EACH ROW EXECUTE FUNCTION pg_mq_notify('" + RAW + "')");
        }
        TextChannel keyed = TextChannel.of("public", KEYED);
        TextChannel duplicate = TextChannel.of("public", DUPLICATE);
        TextChannel plain = TextChannel.of("public", PLAIN);
        List<Row> rows = new ArrayList<>();

        String scenario = "send with 2 headers + dedup key, 1 session, vs raw INSERT of the same columns ON CONFLICT";
        double[][] rates = Rounds.measure(scenario, List.of(
                new Rounds.Side("pgmq", 1, c -> BaselineSql.truncate(c, keyed.tableName()), c -> keyedSend(c, keyed)),
                new Rounds.Side("raw", 1, c -> BaselineSql.truncate(c, RAW), this::rawKeyedSend)),
                dataSource, settings, progress);
        rows.add(Rounds.ratioRow(scenario, "msg/s", rates[0], rates[1], 0.85, "headers {\"tenant\": \"acme\","
                + " \"correlation-id\": \"req-…\"}, a fresh key each send; raw: INSERT (payload, headers, dedup_key)"
                + " ... ON CONFLICT DO NOTHING RETURNING msg_id"));

        scenario = "duplicate send (key taken), 1 session, vs a fresh keyed send";
        rates = Rounds.measure(scenario, List.of(
                new Rounds.Side("pgmq", 1, c -> prime(c, duplicate), c -> duplicateSend(c, duplicate)),
                new Rounds.Side("raw", 1, c -> BaselineSql.truncate(c, keyed.tableName()), c -> keyedSend(c, keyed))),
                dataSource, settings, progress);
        rows.add(Rounds.ratioRow(scenario, "msg/s", rates[0], rates[1], 1.0, "\"raw\" here is pgmq's fresh keyed"
                + " send (the row above): a duplicate inserts nothing and notifies nobody, then looks up the holder"
                + " with pg_mq_dedup_holder's static statement for the channel (core V14: generated per channel,"
                + " planned once per session; V13's EXECUTE planned it on every call, 0.67x)"));

        scenario = "send without headers or key, 1 session, vs raw INSERT (unchanged by V13)";
        rates = Rounds.measure(scenario, List.of(
                new Rounds.Side("pgmq", 1, c -> BaselineSql.truncate(c, plain.tableName()), c -> plainSend(c, plain)),
                new Rounds.Side("raw", 1, c -> BaselineSql.truncate(c, RAW), MetadataBench::rawPlainSend)),
                dataSource, settings, progress);
        rows.add(Rounds.ratioRow(scenario, "msg/s", rates[0], rates[1], 0.9, "the same statement as before V13"));
        return rows;
    }

    @Override
    public String sides(Settings settings) {
        return "metadata: a `TextChannel` sending a 64-byte payload in autocommit with `send(tx, payload,"
                + " SendOptions.none().header(...).header(...).dedupKey(...))` (one prepared `INSERT ... ON CONFLICT DO"
                + " NOTHING` with `pg_mq_dedup_holder` behind `NOT EXISTS`), against raw JDBC"
                + " on a table `LIKE pg_mq_shape_text INCLUDING ALL` (V13's headers and dedup_key columns, the unique"
                + " dedup index, the headers CHECK) with the same `pg_mq_notify` trigger; tables truncated before every"
                + " run; the duplicate run sends one key taken before it starts.";
    }

    private Load.Op keyedSend(Connection c, TextChannel channel) {
        DSLContext tx = Pgmq.using(c);
        return () -> {
            long n = keys.incrementAndGet();
            channel.send(tx, PAYLOAD, SendOptions.none().header("tenant", "acme")
                    .header("correlation-id", "req-" + n).dedupKey("key-" + n));
            return 1;
        };
    }

    private Load.Op rawKeyedSend(Connection c) throws SQLException {
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + BaselineSql.quoted(RAW)
                + " (payload, headers, dedup_key) VALUES (?, ?::jsonb, ?) ON CONFLICT DO NOTHING RETURNING msg_id");
        return () -> {
            long n = keys.incrementAndGet();
            insert.setString(1, PAYLOAD);
            insert.setString(2, "{\"tenant\": \"acme\", \"correlation-id\": \"req-" + n + "\"}");
            insert.setString(3, "key-" + n);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                rs.getLong(1);
            }
            return 1;
        };
    }

    private static void prime(Connection c, TextChannel channel) throws SQLException {
        BaselineSql.truncate(c, channel.tableName());
        channel.send(Pgmq.using(c), PAYLOAD, SendOptions.none().dedupKey("taken"));
    }

    private static Load.Op duplicateSend(Connection c, TextChannel channel) {
        DSLContext tx = Pgmq.using(c);
        return () -> {
            if (!channel.send(tx, PAYLOAD, SendOptions.none().header("tenant", "acme").header("correlation-id", "r")
                    .dedupKey("taken")).duplicate()) {
                throw new IllegalStateException("the duplicate bench sent a fresh message");
            }
            return 1;
        };
    }

    private static Load.Op plainSend(Connection c, TextChannel channel) {
        DSLContext tx = Pgmq.using(c);
        return () -> {
            channel.send(tx, PAYLOAD);
            return 1;
        };
    }

    private static Load.Op rawPlainSend(Connection c) throws SQLException {
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + BaselineSql.quoted(RAW)
                + " (payload) VALUES (?) RETURNING msg_id");
        return () -> {
            insert.setString(1, PAYLOAD);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                rs.getLong(1);
            }
            return 1;
        };
    }
}
