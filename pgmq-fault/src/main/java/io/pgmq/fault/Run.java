package io.pgmq.fault;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.pgmq.Consumer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One scenario's run in its database: the suite's tables and channels, the pools, producers and consumers it
 * started (closed in reverse order), the faults it injected, and the tally at the end. Not thread-safe: the
 * scenario's own thread drives it.
 */
final class Run implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);

    private final Database db;
    private final List<FaultChannel<?>> channels;
    private final Timeline timeline = new Timeline();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<Row.Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Instant began = Instant.now();

    private Run(Database db, List<FaultChannel<?>> channels) {
        this.db = db;
        this.channels = List.copyOf(channels);
    }

    /** Creates the channels and the suite's tables in {@code db}. */
    static Run open(Database db, List<FaultChannel<?>> channels) throws SQLException {
        try (Connection c = db.connect()) {
            FaultSchema.install(c, channels);
        }
        return new Run(db, channels);
    }

    Database db() {
        return db;
    }

    Timeline timeline() {
        return timeline;
    }

    /** A HikariCP pool on the database, closed with the run. */
    HikariDataSource pool(String name, int size, Duration connectionTimeout) {
        HikariDataSource pool = db.pool(name, size, connectionTimeout, "pgmq-fault-" + name);
        started.push(pool);
        return pool;
    }

    /** Starts producers sending over all the run's channels, stopped with the run. */
    Producers produce(DataSource pool, Producers.Plan plan) {
        Producers producers = new Producers(pool, channels, plan);
        started.push(producers);
        return producers.start();
    }

    /** Starts a consumer of {@code channel}, recording as {@code name}, closed with the run. */
    <T> Consumer<T> consume(FaultChannel<T> channel, DataSource pool, ConsumerPlan plan, String name) {
        Consumer<T> consumer = plan.start(channel, pool, name, ConsumerPlan.Hook.NONE);
        started.push(consumer);
        return consumer;
    }

    /** Adds a scenario's own check to the row. */
    void check(String what, boolean ok, String detail) {
        checks.add(new Row.Check(what, ok, detail));
    }

    /** Adds a measurement to the row, such as throughput before, during and after a fault. */
    void note(String note) {
        notes.add(note);
    }

    /** Waits until the producers have started on {@code ids} ids, at most {@code deadline}: where a fault begins. */
    void awaitStarted(Producers producers, long ids, Duration deadline) {
        await().atMost(deadline).pollInterval(Duration.ofMillis(20))
                .failFast("a producer gave up", () -> producers.failure().isPresent())
                .until(() -> producers.started() >= ids);
    }

    /**
     * Holds a fault for {@code duration}: the scenario's fault lasts that long (this is not synchronisation; nothing
     * waits here for something else to happen).
     */
    static void hold(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /**
     * Waits until the producers are done and no channel holds a message that is not done (ready, leased or delayed),
     * at most {@code deadline}: then every handling has happened, including a repeat still to come when a lease had
     * yet to expire (a handler commits its ledger row before its message is acked or completed). A run that misses
     * the deadline gets a failed check; what was left shows as lost.
     */
    void awaitDone(Producers producers, Duration deadline) {
        Instant start = Instant.now();
        try {
            await().atMost(deadline).pollInterval(POLL).ignoreExceptions().until(() -> {
                if (!producers.done()) {
                    return false;
                }
                try (Connection c = db.connect()) {
                    return Tally.open(c) == 0;
                }
            });
            check("every message done within " + seconds(deadline), true,
                    "after " + seconds(Duration.between(start, Instant.now())));
        } catch (ConditionTimeoutException e) {
            check("every message done within " + seconds(deadline), false, "producers done: " + producers.done()
                    + ", " + producers.committed() + " committed; " + e.getMessage());
        }
        producers.failure().ifPresent(f -> check("producers never gave up", false, f.toString()));
    }

    /**
     * Stops everything the run started and reads the tally: the row, with recovery measured from the end of each
     * fault (the longest).
     */
    Row finish(String number, String title, String setup) throws Exception {
        close();
        try (Connection c = db.connect()) {
            Tally tally = Tally.read(c, timeline);
            Optional<Duration> recovery = Optional.empty();
            for (Timeline.Fault f : timeline.faults()) {
                Optional<Duration> r = Tally.recovery(c, f.end());
                if (r.isPresent() && (recovery.isEmpty() || r.get().compareTo(recovery.get()) > 0)) {
                    recovery = r;
                }
            }
            return new Row(number, title, setup, db.server(), tally, recovery, checks, notes,
                    Duration.between(began, Instant.now()));
        }
    }

    /** Closes consumers, producers and pools, newest first; idempotent. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
