package io.pgmq;

import io.pgmq.test.PgmqDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Benchmark, not a test: {@link Channel#sendBatch} against raw JDBC bulk inserts of the same rows (issue 3, section 2:
 * "multi-row insert, JDBC batch or COPY — measure which is fastest"; target pgmq >= 0.8x the fastest raw bulk insert).
 *
 * <p>Every call sends {@value #ROWS} text payloads of ~100 bytes in its own transaction and commits. Each strategy has
 * its own connection; rounds are interleaved (the order rotates every round) and every table is truncated between
 * rounds, so all strategies see the same table sizes. The raw table is {@code raw_q (LIKE pg_mq_shape_text INCLUDING
 * ALL)} with the same {@code pg_mq_notify} trigger as a channel table. Strategies that return ids are checked once: the
 * ids name the rows of their payloads, in input order.
 *
 * <pre>
 * cd /work/main &amp;&amp; ./mvnw -B -q -pl pgmq-runtime -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
 * java -cp pgmq-runtime/target/test-classes:pgmq-runtime/target/classes:$(cat pgmq-runtime/target/bench-cp.txt) \
 *     io.pgmq.SendBatchBenchmark [warmupRounds=3] [measuredRounds=7] [callsPerRound=20]
 * </pre>
 *
 * Uses embedded PostgreSQL 17 unless {@code PGMQ_TEST_JDBC_URL} (with {@code PGMQ_TEST_USER}/{@code
 * PGMQ_TEST_PASSWORD}) names a server; a fresh database is created and dropped either way.
 */
final class SendBatchBenchmark {

    static final int ROWS = 1000;

    private SendBatchBenchmark() {
    }

    /** One way of sending a batch; returns the ids in input order, or null when the strategy cannot return them. */
    private interface Send {
        List<Long> send(List<String> payloads) throws Exception;
    }

    private record Strategy(String name, boolean returnsIds, String table, Connection connection, Send send) {
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (PgmqDatabase db = PgmqDatabase.create("public", "classpath:db/pgmq")) {
            run(db, warmup, measured, calls);
        }
    }

    private static void run(PgmqDatabase db, int warmup, int measured, int calls) throws Exception {
        try (Connection admin = connect(db, false)) {
            admin.setAutoCommit(true);
            try (Statement s = admin.createStatement()) {
                s.execute("select pg_mq_create_queue('bench', 'text')");
                s.execute("create table raw_q (like pg_mq_shape_text including all)");
                s.execute("select pg_mq_create_trigger('raw_q', 'raw_q')");
            }
            printMachine(admin);
            List<Strategy> strategies = strategies(db);
            try {
                measure(admin, strategies, warmup, measured, calls);
            } finally {
                for (Strategy strategy : strategies) {
                    strategy.connection().close();
                }
            }
        }
    }

    private static List<Strategy> strategies(PgmqDatabase db) throws SQLException {
        List<Strategy> list = new ArrayList<>();

        Connection pgmqConnection = connect(db, false);
        DSLContext tx = Pgmq.using(pgmqConnection);
        TextChannel channel = TextChannel.of("public", "bench");
        list.add(new Strategy("pgmq Channel.sendBatch (INSERT ... SELECT unnest(text[]))", true, "pg_mq_queue_bench",
                pgmqConnection, payloads -> channel.sendBatch(tx, payloads)));

        Connection multi = connect(db, false);
        String multiSql = "insert into raw_q (payload) values " + String.join(",", Collections.nCopies(ROWS, "(?)"))
                + " returning msg_id";
        list.add(new Strategy("raw multi-row INSERT ... RETURNING", true, "raw_q", multi, payloads -> {
            try (PreparedStatement ps = multi.prepareStatement(multiSql)) {
                for (int i = 0; i < payloads.size(); i++) {
                    ps.setString(i + 1, payloads.get(i));
                }
                return sortedIds(ps.executeQuery());
            }
        }));

        Connection unnest = connect(db, false);
        String unnestSql = "insert into raw_q (payload) select p from unnest(?::text[]) with ordinality as u(p, o)"
                + " order by o returning msg_id";
        list.add(new Strategy("raw INSERT ... SELECT unnest(text[]) RETURNING", true, "raw_q", unnest, payloads -> {
            try (PreparedStatement ps = unnest.prepareStatement(unnestSql)) {
                Array array = unnest.createArrayOf("text", payloads.toArray());
                ps.setArray(1, array);
                return sortedIds(ps.executeQuery());
            }
        }));

        for (boolean rewrite : new boolean[] {false, true}) {
            Connection c = connect(db, rewrite);
            String suffix = rewrite ? ", reWriteBatchedInserts=true" : "";
            list.add(new Strategy("raw JDBC batch + getGeneratedKeys" + suffix, true, "raw_q", c, payloads -> {
                try (PreparedStatement ps = c.prepareStatement("insert into raw_q (payload) values (?)",
                        new String[] {"msg_id"})) {
                    for (String p : payloads) {
                        ps.setString(1, p);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    return sortedIds(ps.getGeneratedKeys());
                }
            }));
        }
        for (boolean rewrite : new boolean[] {false, true}) {
            Connection c = connect(db, rewrite);
            String suffix = rewrite ? ", reWriteBatchedInserts=true" : "";
            list.add(new Strategy("raw JDBC batch, no ids" + suffix, false, "raw_q", c, payloads -> {
                try (PreparedStatement ps = c.prepareStatement("insert into raw_q (payload) values (?)")) {
                    for (String p : payloads) {
                        ps.setString(1, p);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    return null;
                }
            }));
        }

        Connection copy = connect(db, false);
        CopyManager copyApi = copy.unwrap(PGConnection.class).getCopyAPI();
        list.add(new Strategy("raw COPY FROM STDIN, no ids", false, "raw_q", copy, payloads -> {
            StringBuilder text = new StringBuilder(payloads.size() * 110);
            for (String p : payloads) {
                appendCopyText(text, p).append('\n');
            }
            copyApi.copyIn("copy raw_q (payload) from stdin", utf8(text));
            return null;
        }));

        Connection copyIds = connect(db, false);
        CopyManager copyIdsApi = copyIds.unwrap(PGConnection.class).getCopyAPI();
        list.add(new Strategy("raw nextval() x n, then COPY with explicit msg_id", true, "raw_q", copyIds, payloads -> {
            List<Long> ids;
            try (PreparedStatement ps = copyIds.prepareStatement(
                    "select nextval(pg_get_serial_sequence('raw_q', 'msg_id')) from generate_series(1, ?)")) {
                ps.setInt(1, payloads.size());
                ids = sortedIds(ps.executeQuery());
            }
            StringBuilder text = new StringBuilder(payloads.size() * 130);
            for (int i = 0; i < payloads.size(); i++) {
                appendCopyText(text.append(ids.get(i)).append('\t'), payloads.get(i)).append('\n');
            }
            copyIdsApi.copyIn("copy raw_q (msg_id, payload) from stdin", utf8(text));
            return ids;
        }));
        return list;
    }

    private static void measure(Connection admin, List<Strategy> strategies, int warmup, int measured, int calls)
            throws Exception {
        int n = strategies.size();
        double[][] rowsPerSecond = new double[n][measured];
        long[] serial = {0};
        for (int round = 0; round < warmup + measured; round++) {
            boolean warm = round < warmup;
            for (int k = 0; k < n; k++) {
                int index = (k + round) % n;
                Strategy strategy = strategies.get(index);
                List<List<String>> batches = new ArrayList<>(calls);
                for (int c = 0; c < calls; c++) {
                    batches.add(payloads(serial));
                }
                if (round == 0 && strategy.returnsIds()) {
                    check(admin, strategy, batches.get(0));
                }
                long start = System.nanoTime();
                for (List<String> batch : batches) {
                    List<Long> ids = strategy.send().send(batch);
                    strategy.connection().commit();
                    if (strategy.returnsIds() && ids.size() != batch.size()) {
                        throw new IllegalStateException(strategy.name() + ": " + ids.size() + " ids for "
                                + batch.size() + " payloads");
                    }
                }
                long nanos = System.nanoTime() - start;
                if (!warm) {
                    rowsPerSecond[index][round - warmup] = (double) calls * ROWS * 1e9 / nanos;
                }
            }
            try (Statement s = admin.createStatement()) {
                s.execute("truncate raw_q, pg_mq_queue_bench");
            }
            System.out.printf(Locale.ROOT, "round %d/%d done%s%n", round + 1, warmup + measured, warm ? " (warm-up)" : "");
        }
        report(strategies, rowsPerSecond, warmup, measured, calls);
    }

    /** Runs one batch and checks that the ids name the rows holding the payloads, in input order. */
    private static void check(Connection admin, Strategy strategy, List<String> batch) throws Exception {
        List<Long> ids = strategy.send().send(batch);
        strategy.connection().commit();
        Map<Long, String> stored = new HashMap<>();
        try (PreparedStatement ps = admin.prepareStatement(
                "select msg_id, payload from " + strategy.table() + " where msg_id = any(?)")) {
            ps.setArray(1, admin.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.get(i).equals(stored.get(ids.get(i)))) {
                throw new IllegalStateException(strategy.name() + ": id " + ids.get(i) + " at index " + i
                        + " holds " + stored.get(ids.get(i)) + ", expected " + batch.get(i));
            }
        }
    }

    private static void report(List<Strategy> strategies, double[][] rowsPerSecond, int warmup, int measured, int calls) {
        int n = strategies.size();
        double[] medians = new double[n];
        for (int i = 0; i < n; i++) {
            medians[i] = median(rowsPerSecond[i]);
        }
        System.out.printf(Locale.ROOT, "%n%d rows of ~100 bytes per call, one committed transaction per call, %d calls per"
                + " strategy per round, %d warm-up + %d measured interleaved rounds%n%n", ROWS, calls, warmup, measured);
        System.out.println("| strategy | ids in input order | rows/s (median) | per-round rows/s | pgmq / this (medians)"
                + " | pgmq / this (median of per-round ratios) |");
        System.out.println("|---|---|---:|---|---:|---:|");
        for (int i = 0; i < n; i++) {
            StringBuilder rounds = new StringBuilder();
            double[] ratios = new double[measured];
            for (int r = 0; r < measured; r++) {
                rounds.append(r == 0 ? "" : " ").append(Math.round(rowsPerSecond[i][r]));
                ratios[r] = rowsPerSecond[0][r] / rowsPerSecond[i][r];
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %s | %.3fx | %.3fx |%n", strategies.get(i).name(),
                    strategies.get(i).returnsIds() ? "yes" : "no", medians[i], rounds, medians[0] / medians[i],
                    median(ratios));
        }
        int fastestWithIds = -1;
        int fastestAny = -1;
        for (int i = 1; i < n; i++) {
            if (strategies.get(i).returnsIds() && (fastestWithIds < 0 || medians[i] > medians[fastestWithIds])) {
                fastestWithIds = i;
            }
            if (fastestAny < 0 || medians[i] > medians[fastestAny]) {
                fastestAny = i;
            }
        }
        System.out.printf(Locale.ROOT, "%npgmq / fastest raw returning ids (%s): %.3fx%n",
                strategies.get(fastestWithIds).name(), medians[0] / medians[fastestWithIds]);
        System.out.printf(Locale.ROOT, "pgmq / fastest raw of all (%s): %.3fx (target >= 0.8x)%n",
                strategies.get(fastestAny).name(), medians[0] / medians[fastestAny]);
    }

    private static void printMachine(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("select version(), current_setting('fsync'),"
                     + " current_setting('synchronous_commit'), current_setting('shared_buffers')")) {
            rs.next();
            System.out.printf(Locale.ROOT, "nproc=%d (client JVM), %s, fsync=%s, synchronous_commit=%s,"
                            + " shared_buffers=%s, java %s%n", Runtime.getRuntime().availableProcessors(),
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), System.getProperty("java.version"));
        }
    }

    private static Connection connect(PgmqDatabase db, boolean rewriteBatchedInserts) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        props.setProperty("password", db.password());
        props.setProperty("reWriteBatchedInserts", Boolean.toString(rewriteBatchedInserts));
        Connection c = DriverManager.getConnection(db.jdbcUrl(), props);
        c.setAutoCommit(false);
        return c;
    }

    private static List<String> payloads(long[] serial) {
        String[] out = new String[ROWS];
        for (int i = 0; i < ROWS; i++) {
            out[i] = String.format(Locale.ROOT, "{\"order\":%010d,\"note\":\"%s\"}", serial[0]++, "x".repeat(72));
        }
        return Arrays.asList(out);
    }

    private static List<Long> sortedIds(ResultSet rs) throws SQLException {
        try (rs) {
            List<Long> ids = new ArrayList<>(ROWS);
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            ids.sort(null);
            return ids;
        }
    }

    /** COPY's text format: backslash, tab, newline and carriage return escaped. */
    private static StringBuilder appendCopyText(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }

    private static ByteArrayInputStream utf8(StringBuilder text) {
        return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
