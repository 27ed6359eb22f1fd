package io.pgmq.fault;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.pgmq.test.PgmqDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Scenario 6: a session idle in transaction (it took a transaction id, then went quiet) while messages flow. Its
 * transaction holds back the cleanup of every row deleted after it began: VACUUM, run on the channel's table at the
 * end of the hold as autovacuum's visit would, must leave the dead tuples of the messages handled meanwhile, and
 * pg_mq_channel_stats shows them; once the session ends, VACUUM removes them and the consumers catch up.
 */
final class IdleInTransaction implements Scenario {

    private static final String IDLE_SESSION = "pgmq-fault-idle";

    @Override
    public String number() {
        return "6";
    }

    @Override
    public String title() {
        return "a session idle in transaction";
    }

    @Override
    public Row run(Size size, Path workDir) throws Exception {
        // at full size near what two consumers of concurrency 2 manage, so that a slowdown would show
        int rate = size.pick(300, 1_000);
        Duration before = size.pick(Duration.ofSeconds(3), Duration.ofSeconds(15));
        Duration hold = size.pick(Duration.ofSeconds(6), Duration.ofSeconds(60));
        Duration after = size.pick(Duration.ofSeconds(3), Duration.ofSeconds(15));
        int messages = (int) (rate * (before.toMillis() + hold.toMillis() + after.toMillis()) / 1000);
        ConsumerPlan plan = new ConsumerPlan(ConsumerPlan.Kind.SINGLE, 2, 10, Duration.ofSeconds(30),
                size.pick(Duration.ofMillis(500), Duration.ofSeconds(5)));
        FaultChannel<String> ch = FaultChannel.text("idle_tx");
        try (PgmqDatabase scratch = PgmqDatabase.create("public", "classpath:db/pgmq");
             Run run = Run.open(Database.of(scratch), List.of(ch))) {
            HikariDataSource pool = run.pool("app", 12, Duration.ofSeconds(30));
            run.consume(ch, pool, plan, "c1-single");
            run.consume(ch, pool, plan.with(ConsumerPlan.Kind.TRANSACTIONAL), "c2-transactional");
            Instant t0 = Instant.now();
            Producers producers = run.produce(pool, new Producers.Plan(2, messages, rate, false));
            Run.hold(before);
            Instant start = Instant.now();
            long heldDead;
            try (Connection idle = run.db().connect(); Connection c = run.db().connect()) {
                begin(idle);
                run.check("the session was idle in transaction", Probe.sessions(c, IDLE_SESSION,
                        "idle in transaction") == 1, "pg_stat_activity.state of application " + IDLE_SESSION);
                Run.hold(hold);
                long handled = Tally.handledBetween(c, start, Instant.now());
                heldDead = vacuumUntil(c, ch, d -> d >= handled / 2, Duration.ofSeconds(10));
                run.check("while it lasted, VACUUM could not remove the dead tuples (pg_mq_channel_stats)",
                        handled > 0 && heldDead >= handled / 2, heldDead + " dead tuples after VACUUM, " + handled
                                + " messages handled while the session was idle in transaction");
                idle.rollback();
            }
            Instant end = Instant.now();
            run.timeline().record("session idle in transaction", start, end);
            try (Connection c = run.db().connect()) {
                long afterDead = vacuumUntil(c, ch, d -> d < heldDead / 2, Duration.ofSeconds(20));
                run.check("after it ended, VACUUM removed them", afterDead < heldDead / 2,
                        afterDead + " dead tuples after VACUUM");
            }
            run.awaitDone(producers, size.pick(Duration.ofSeconds(60), Duration.ofMinutes(10)));
            try (Connection c = run.db().connect()) {
                run.note(String.format(Locale.ROOT, "handled per second: %.0f before, %.0f while idle in transaction,"
                                + " %.0f after (producers send %d/s)", rate(c, t0, start), rate(c, start, end),
                        rate(c, end, end.plus(after)), rate));
            }
            return run.finish(number(), title(), String.format(Locale.ROOT, "%,d msgs at %d/s, 2 producers x 2 "
                    + "consumers (single, transactional); idle in transaction for %s", messages, rate,
                    Run.seconds(hold)));
        }
    }

    /** Begins a transaction that holds back cleanup: it takes a transaction id, then stays open and quiet. */
    private static void begin(Connection idle) throws SQLException {
        idle.setClientInfo("ApplicationName", IDLE_SESSION);
        try (Statement s = idle.createStatement()) {
            idle.setAutoCommit(false);
            s.execute("SELECT pg_current_xact_id()");
        }
    }

    /**
     * Runs VACUUM on the channel's table, then reads its dead tuples, again every half second until they satisfy
     * {@code ok}, at most {@code timeout}; returns the last count. Again, because a transaction that took its snapshot
     * just before the idle session ended still holds the cleanup back for its short while, and statistics lag.
     */
    private static long vacuumUntil(Connection c, FaultChannel<?> ch, LongPredicate ok, Duration timeout) {
        AtomicLong dead = new AtomicLong(-1);
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                Probe.vacuum(c, ch);
                dead.set(Probe.stats(c, ch).deadTuples());
                return ok.test(dead.get());
            });
        } catch (ConditionTimeoutException e) {
            // the caller's check reports the last count
        }
        return dead.get();
    }

    private static double rate(Connection c, Instant from, Instant to) throws SQLException {
        return Tally.handledBetween(c, from, to) * 1000.0 / Math.max(1, Duration.between(from, to).toMillis());
    }
}
