package io.pgmq.bench;

import io.pgmq.Pgmq;
import io.pgmq.TextChannel;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * Issue 7's NOTIFY problem: 4-session sends on three channels, one per notify mode ({@code always}, {@code
 * when_idle} with no consumer registered idle, i.e. consumers busy, and {@code never}), each through the Java
 * runtime's {@code TextChannel.send} and through {@code pg_mq_send_message}, against a plain {@code INSERT ...
 * RETURNING msg_id} into a raw table of the channel shape with no trigger and no NOTIFY. Target: {@code when_idle}
 * >= 0.8x raw on both paths; {@code always} and {@code never} are reported for reference.
 */
final class NotifyModeBench implements Scenario {

    static final double TARGET = 0.8;
    static final int SESSIONS = 4;
    private static final List<String> MODES = List.of("always", "when_idle", "never");
    private static final String RAW = "raw_no_notify";

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress)
            throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            for (String mode : MODES) {
                BaselineSql.createChannel(c, channel(mode));
                BaselineSql.setNotifyMode(c, channel(mode), mode);
            }
            BaselineSql.createRawTableWithoutTrigger(c, RAW);
            // when_idle notifies while some consumer is registered idle; this measures the busy case, nobody idle
            long idle = BaselineSql.idleConsumers(c);
            if (idle != 0) {
                throw new IllegalStateException("notify modes: " + idle + " consumers are registered idle in the "
                        + "scratch database; when_idle would notify them and not measure the busy case");
            }
        }
        List<Rounds.Side> sides = new ArrayList<>();
        sides.add(new Rounds.Side("raw, no trigger", SESSIONS, c -> BaselineSql.truncate(c, RAW),
                c -> SqlSendBench.rawInsert(c, RAW)));
        for (String mode : MODES) {
            TextChannel channel = TextChannel.of(channel(mode));
            sides.add(new Rounds.Side("Java send, " + mode, SESSIONS,
                    c -> BaselineSql.truncate(c, channel.tableName()), c -> javaSend(c, channel)));
        }
        for (String mode : MODES) {
            String channel = channel(mode);
            String table = TextChannel.of(channel).tableName();
            sides.add(new Rounds.Side("SQL send, " + mode, SESSIONS, c -> BaselineSql.truncate(c, table),
                    c -> SqlSendBench.sqlSend(c, channel)));
        }
        double[][] rates = Rounds.measure("notify modes, " + SESSIONS + " sessions", sides, dataSource, settings,
                progress);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < sides.size(); i++) {
            String label = sides.get(i).label();
            String scenario = String.format(Locale.ROOT, "notify %s: %s, %d sessions, vs INSERT without NOTIFY",
                    label.substring(label.indexOf(", ") + 2), label.substring(0, label.indexOf(',')), SESSIONS);
            rows.add(label.endsWith("when_idle")
                    ? Rounds.ratioRow(scenario, "msg/s", rates[i], rates[0], TARGET, "no consumer registered idle")
                    : Rounds.referenceRow(scenario, "msg/s", rates[i], rates[0], "for reference"));
        }
        return rows;
    }

    @Override
    public String sides(Settings settings) {
        return "notify modes: " + SESSIONS + " sessions sending in autocommit to one channel per notify mode "
                + "(`pg_mq_set_notify_mode`: `always`, `when_idle` with no consumer registered idle, i.e. consumers "
                + "busy, `never`), through the Java runtime's `TextChannel.send` and through `pg_mq_send_message`, "
                + "against a prepared `INSERT INTO raw_no_notify (payload) VALUES (?) RETURNING msg_id` into a table "
                + "of the channel shape with no trigger at all; the seven sides run in an order that rotates every "
                + "round.";
    }

    static String channel(String mode) {
        return "bench_notify_" + mode;
    }

    private static Load.Op javaSend(Connection c, TextChannel channel) {
        DSLContext tx = Pgmq.using(c);
        return () -> {
            channel.send(tx, Bench.PAYLOAD);
            return 1;
        };
    }
}
