package io.pgmq.bench;

import io.pgmq.Channel;
import io.pgmq.Pgmq;
import io.pgmq.TextChannel;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Issue 3's bulk point: {@code TextChannel.sendBatch} of {@value #BATCH} payloads per call, each call its own
 * committed transaction, against the raw JDBC bulk paths into a raw table of the same shape with the same per-row
 * {@code pg_mq_notify} trigger: a {@value #BATCH}-row {@code INSERT ... VALUES ... RETURNING msg_id}, {@code INSERT
 * ... SELECT unnest(?::text[]) ... RETURNING msg_id}, the same multi-row INSERT without {@code RETURNING}, and
 * {@code COPY FROM STDIN}. Target: pgmq >= 0.8x the fastest of them (the last two cannot return ids, which
 * {@code sendBatch} must).
 */
final class SendBatchBench implements Scenario {

    static final int BATCH = Channel.MAX_BATCH;
    static final double TARGET = 0.8;
    private static final String CHANNEL = "bench_send_batch";
    private static final String RAW = "raw_send_batch";
    private static final List<String> PAYLOADS = Collections.nCopies(BATCH, Bench.PAYLOAD);

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress)
            throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.createChannel(c, CHANNEL);
            BaselineSql.createRawTable(c, RAW);
        }
        TextChannel channel = TextChannel.of(CHANNEL);
        Rounds.Reset resetRaw = c -> BaselineSql.truncate(c, RAW);
        List<Rounds.Side> sides = List.of(
                new Rounds.Side("pgmq sendBatch", 1, c -> BaselineSql.truncate(c, channel.tableName()),
                        c -> pgmqSendBatch(c, channel)),
                new Rounds.Side("raw multi-row INSERT RETURNING", 1, resetRaw, SendBatchBench::rawMultiRowReturning),
                new Rounds.Side("raw unnest INSERT RETURNING", 1, resetRaw, SendBatchBench::rawUnnestReturning),
                new Rounds.Side("raw multi-row INSERT, no ids", 1, resetRaw, SendBatchBench::rawMultiRow),
                new Rounds.Side("raw COPY FROM STDIN, no ids", 1, resetRaw, SendBatchBench::rawCopy));
        String scenario = "Java sendBatch, " + String.format(Locale.ROOT, "%,d", BATCH) + " per call";
        double[][] rates = Rounds.measure(scenario, sides, dataSource, settings, progress);

        int fastest = 1;
        int fastestWithIds = 1;
        for (int i = 1; i < sides.size(); i++) {
            if (Bench.median(rates[i]) > Bench.median(rates[fastest])) {
                fastest = i;
            }
            if (returnsIds(sides.get(i)) && Bench.median(rates[i]) > Bench.median(rates[fastestWithIds])) {
                fastestWithIds = i;
            }
        }
        List<String> each = new ArrayList<>();
        for (int i = 1; i < sides.size(); i++) {
            each.add(String.format(Locale.ROOT, "%s %,.0f (%.3fx)", sides.get(i).label(), Bench.median(rates[i]),
                    Bench.median(rates[0]) / Bench.median(rates[i])));
        }
        String note = "raw = the fastest raw path, " + sides.get(fastest).label() + "; fastest returning ids, as "
                + "sendBatch must: " + sides.get(fastestWithIds).label() + "; each: " + String.join(", ", each);
        return List.of(Rounds.ratioRow(scenario + ", vs fastest raw bulk insert", "rows/s", rates[0], rates[fastest],
                TARGET, note));
    }

    @Override
    public String sides(Settings settings) {
        String batch = String.format(Locale.ROOT, "%,d", BATCH);
        return "sendBatch: pgmq `TextChannel.sendBatch(tx, " + batch + " payloads)` then `COMMIT`, one session, "
                + "against raw JDBC bulk inserts of the same rows, each then `COMMIT`, into `raw_send_batch` (channel "
                + "shape, same `pg_mq_notify` trigger): one " + batch + "-row `INSERT ... VALUES (?), ... RETURNING "
                + "msg_id`, `INSERT ... SELECT unnest(?::text[]) WITH ORDINALITY ... RETURNING msg_id`, the multi-row "
                + "INSERT without `RETURNING`, and `COPY ... FROM STDIN` (the last two return no ids); the ratio is "
                + "against the fastest of them, named in the note; tables truncated before every run, the order of the "
                + "five sides rotating every round.";
    }

    private static boolean returnsIds(Rounds.Side side) {
        return side.label().contains("RETURNING");
    }

    private static Load.Op pgmqSendBatch(Connection c, TextChannel channel) throws SQLException {
        c.setAutoCommit(false);
        DSLContext tx = Pgmq.using(c);
        return () -> {
            int ids = channel.sendBatch(tx, PAYLOADS).size();
            c.commit();
            return checked(ids);
        };
    }

    private static Load.Op rawMultiRowReturning(Connection c) throws SQLException {
        c.setAutoCommit(false);
        PreparedStatement insert = BaselineSql.multiRowInsert(c, RAW, BATCH, true);
        return () -> {
            for (int i = 0; i < BATCH; i++) {
                insert.setString(i + 1, PAYLOADS.get(i));
            }
            int ids = readIds(insert);
            c.commit();
            return checked(ids);
        };
    }

    private static Load.Op rawUnnestReturning(Connection c) throws SQLException {
        c.setAutoCommit(false);
        PreparedStatement insert = BaselineSql.unnestInsertReturningIds(c, RAW);
        return () -> {
            insert.setArray(1, c.createArrayOf("text", PAYLOADS.toArray()));
            int ids = readIds(insert);
            c.commit();
            return checked(ids);
        };
    }

    private static Load.Op rawMultiRow(Connection c) throws SQLException {
        c.setAutoCommit(false);
        PreparedStatement insert = BaselineSql.multiRowInsert(c, RAW, BATCH, false);
        return () -> {
            for (int i = 0; i < BATCH; i++) {
                insert.setString(i + 1, PAYLOADS.get(i));
            }
            int rows = insert.executeUpdate();
            c.commit();
            return checked(rows);
        };
    }

    private static Load.Op rawCopy(Connection c) throws SQLException {
        c.setAutoCommit(false);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        String sql = BaselineSql.copyPayloads(RAW);
        return () -> {
            // COPY's text format; the payload has no backslash, tab or newline to escape
            StringBuilder text = new StringBuilder(BATCH * (Bench.PAYLOAD.length() + 1));
            for (String payload : PAYLOADS) {
                text.append(payload).append('\n');
            }
            long rows = copy.copyIn(sql, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
            c.commit();
            return checked((int) rows);
        };
    }

    private static int readIds(PreparedStatement insert) throws SQLException {
        int ids = 0;
        try (ResultSet rs = insert.executeQuery()) {
            while (rs.next()) {
                rs.getLong(1);
                ids++;
            }
        }
        return ids;
    }

    /** Every side must store the whole batch, else its rate means nothing. */
    private static int checked(int rows) {
        if (rows != BATCH) {
            throw new IllegalStateException("a bulk insert of " + BATCH + " payloads stored " + rows);
        }
        return rows;
    }
}
