package io.pgmq.bench;

import io.pgmq.Pgmq;
import io.pgmq.TextChannel;
import java.io.PrintStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * Issue 5's steady state: {@link Plan#messages()} messages through one text channel while producers send at a
 * fixed rate (the Java runtime's {@code send}, 10 per transaction), consumers claim and ack with the SQL API
 * ({@code pg_mq_claim_text}, then {@code pg_mq_ack} of the batch, each its own transaction, as a consumer must) and
 * a purger runs retention ({@code pg_mq_purge}, retention {@link Plan#retention()}), all at once. It samples the
 * channel table's dead tuples as {@code pgstattuple} counts them by reading the table (where the extension can be
 * created; else as pg_stat_user_tables' {@code n_dead_tup} estimates them), the statistics' {@code n_live_tup} and
 * {@code n_dead_tup}, and {@code pg_total_relation_size}, and judges the second half of the run (the first fills the
 * table to its steady population): dead tuples stay below 2% of the messages, do not grow, and the table's size
 * stays flat.
 *
 * <p>Dead tuples are a sawtooth: each message's DELETE (its ack) leaves one, and each autovacuum visit removes them
 * all, so the count climbs to about rate x naptime and drops to a few hundred at every visit (measured with
 * pageinspect at every second: ~200 after a visit, ~4,200 before the next at 3,000 msg/s and 5 s, the oldest dead
 * tuple never older than one interval). "Do not grow" is therefore judged on each quarter's mean, which a leak (a
 * snapshot holding the xmin horizon back, a vacuum that cannot keep up) raises and the sawtooth's phase does not;
 * the peak is judged against the 2% bound. The size is judged on each quarter's median: a visit the launcher is late
 * for extends the table by a few hundred pages that the next visit truncates (measured: 994 pages, 1,962, 994 again
 * within 10 s), which is not growth.
 *
 * <p>The counted figure is judged because the statistics are an estimate that drifts: a busy backend may hold back
 * its counts (up to a minute when the shared entry is contended) and report deletes that a vacuum, which resets the
 * counters, has already cleaned. Measured: n_dead_tup ~16,000 and n_live_tup ~3,000 for a minute with a backlog under
 * 100 and a vacuum every 5 s.
 *
 * <p>Only pgmq's public functions and the statistics views are used, never the table's own columns, so the
 * scenario holds whatever a migration changes in how messages are stored. Vacuum is the server's: autovacuum
 * when it is on (embedded PostgreSQL 17 runs with the default {@code autovacuum = on}), else an emulation of the
 * autovacuum launcher on the channel table (every {@code autovacuum_naptime}, autovacuum's own trigger rule, its
 * cost delay), since CI servers often turn autovacuum off. No baseline: issue 7 names none.
 */
final class SteadyStateBench implements Scenario {

    static final double DEAD_SHARE_TARGET = 0.02;
    /** The last quarter's mean dead tuples may exceed the third quarter's by this factor plus the slack. */
    static final double DEAD_GROWTH_FACTOR = 1.25;
    static final long DEAD_GROWTH_SLACK = 1000;
    /** The last quarter's median table size may exceed the third quarter's by this factor. */
    static final double SIZE_GROWTH_TARGET = 1.10;
    private static final String CHANNEL = "bench_steady";
    private static final int SENDS_PER_TX = 10;
    private static final int CLAIM_BATCH = 100;
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final int PURGE_BATCH = 1000;
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(60);
    /**
     * Progress shows one line per this many samples, with the lowest and highest dead-tuple count among them: a single
     * sample would show one phase of the autovacuum sawtooth, and at a 5 s naptime with 1 s samples the printed
     * phase stays put for minutes, then jumps when a visit comes late (read once as a step in the dead tuples).
     */
    private static final int PRINT_EVERY = 5;

    /**
     * How much traffic, how fast.
     *
     * @param messages    messages sent in all, each claimed and acked
     * @param rate        messages per second, all producers together
     * @param producers   producer sessions
     * @param consumers   consumer sessions
     * @param retention   the channel's retention of finished messages (and dead letters)
     * @param purgeRest   how long the purger rests after a purge that deleted less than a batch
     * @param sampleEvery time between two samples of the table's health
     */
    record Plan(long messages, int rate, int producers, int consumers, Duration retention, Duration purgeRest,
                Duration sampleEvery) {

        /**
         * Issue 5's run: 1,000,000 messages at 3,000 msg/s (about 5.5 minutes, a rate two shared cores sustain with
         * the consumers keeping up), 10 s retention. Sampled every second: dead tuples rise between two autovacuum
         * visits and fall at each, and samples taken at the naptime's own period (5 s) caught that sawtooth at one
         * phase, which drifted when a visit came late: low for minutes, then high (measured: 60-450 counted dead
         * tuples, then 4,000-4,800 for the rest of the run), which read as growth.
         */
        static Plan full() {
            return new Plan(1_000_000, 3_000, 2, 2, Duration.ofSeconds(10), Duration.ofSeconds(1),
                    Duration.ofSeconds(1));
        }

        /** A few seconds that only prove the scenario works: 10,000 messages at 5,000 msg/s. */
        static Plan smoke() {
            return new Plan(10_000, 5_000, 2, 2, Duration.ofSeconds(1), Duration.ofMillis(200),
                    Duration.ofMillis(250));
        }

        Duration expected() {
            return Duration.ofMillis(messages * 1000 / rate);
        }
    }

    /**
     * One sample: seconds since the start, messages sent and acked so far, the table's statistics, and its dead
     * tuples as pgstattuple counts them ({@code -1} when it is not available).
     */
    private record Sample(double seconds, long sent, long acked, long live, long dead, long bytes, long vacuums,
                          long analyzes, long updates, long hotUpdates, long countedDead) {

        /** The dead tuples the run is judged on: counted when possible, else the statistics' estimate. */
        long judgedDead() {
            return countedDead >= 0 ? countedDead : dead;
        }
    }

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress) throws Exception {
        return run(dataSource, settings.smoke() ? Plan.smoke() : Plan.full(), progress);
    }

    @Override
    public String sides(Settings settings) {
        Plan plan = settings.smoke() ? Plan.smoke() : Plan.full();
        return String.format(Locale.ROOT, "steady state: %,d messages through one text channel at %,d msg/s: %d "
                        + "producers (`TextChannel.send`, %d per transaction), %d consumers (`pg_mq_claim_text` of up "
                        + "to %d, then `pg_mq_ack` of the batch, each its own transaction; a %d ms pause when nothing "
                        + "was ready), one purger (`pg_mq_purge` with a %s retention, resting %d ms after a short "
                        + "batch), all at once; the channel table's dead tuples as `pgstattuple` counts them (reading "
                        + "the table; else `n_dead_tup`, the statistics' estimate, which drifts), `n_live_tup`, "
                        + "`n_dead_tup` and `pg_total_relation_size` sampled every %s. Judged over the second half of "
                        + "the run: peak dead tuples < 2%% of the messages; the last quarter's mean <= %.2fx the third "
                        + "quarter's + %,d (the count is a sawtooth between autovacuum visits, so the mean, not one "
                        + "sample's phase, shows growth); the last quarter's median size <= %.2fx the third "
                        + "quarter's. Vacuum is the server's "
                        + "autovacuum, or its emulation when the server runs with `autovacuum = off` (the note says "
                        + "which). No raw baseline.", plan.messages(), plan.rate(), plan.producers(), SENDS_PER_TX,
                plan.consumers(), CLAIM_BATCH, POLL.toMillis(), seconds(plan.retention()), plan.purgeRest().toMillis(),
                seconds(plan.sampleEvery()), DEAD_GROWTH_FACTOR, DEAD_GROWTH_SLACK, SIZE_GROWTH_TARGET);
    }

    List<Row> run(DataSource dataSource, Plan plan, PrintStream progress) throws Exception {
        TextChannel channel = TextChannel.of(CHANNEL);
        boolean autovacuum;
        Duration naptime;
        boolean counted;
        try (Connection c = dataSource.getConnection()) {
            counted = TableHealthSql.createPgstattuple(c);
            BaselineSql.createChannel(c, CHANNEL);
            BaselineSql.setRetention(c, CHANNEL, plan.retention());
            autovacuum = "on".equals(BaselineSql.setting(c, "autovacuum"));
            naptime = Duration.ofMillis(Math.round(TableHealthSql.intervalSetting(c, "autovacuum_naptime") * 1000));
        }
        String vacuumMode = autovacuum ? "server autovacuum, naptime " + seconds(naptime)
                : "emulated autovacuum (the server has autovacuum = off), naptime " + seconds(naptime);
        progress.printf(Locale.ROOT, "steady     %,d messages at %,d msg/s, %d producers, %d consumers, purge with %s "
                        + "retention; %s; dead tuples %s%n", plan.messages(), plan.rate(), plan.producers(),
                plan.consumers(), seconds(plan.retention()), vacuumMode,
                counted ? "counted by pgstattuple" : "as the statistics estimate them (pgstattuple unavailable)");

        AtomicLong reserved = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + plan.expected().multipliedBy(3).plusSeconds(60).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.producers(); i++) {
            threads.add(worker("producer-" + i, failure, () -> produce(dataSource, channel, plan, start, reserved,
                    sent, stop, failure)));
        }
        for (int i = 0; i < plan.consumers(); i++) {
            threads.add(worker("consumer-" + i, failure, () -> consume(dataSource, plan, sent, acked, stop, failure)));
        }
        threads.add(worker("purger", failure, () -> purge(dataSource, plan, stop, failure)));
        if (!autovacuum) {
            threads.add(worker("vacuum", failure, () -> emulateAutovacuum(dataSource, channel, naptime, stop,
                    failure)));
        }

        List<Sample> samples = new ArrayList<>();
        Sample end;
        boolean complete;
        try (Connection c = dataSource.getConnection();
             PreparedStatement health = TableHealthSql.tableHealth(c);
             PreparedStatement deadCount = counted ? TableHealthSql.deadTupleCount(c) : null) {
            health.setString(1, channel.schema());
            health.setString(2, channel.tableName());
            if (deadCount != null) {
                deadCount.setString(1, channel.schema());
                deadCount.setString(2, channel.tableName());
            }
            samples.add(sample(health, deadCount, start, sent, acked));
            long nextSample = start + plan.sampleEvery().toNanos();
            while (true) {
                complete = acked.get() >= plan.messages();
                if (complete || failure.get() != null || System.nanoTime() > deadline) {
                    break;
                }
                long wait = Math.min(nextSample, deadline) - System.nanoTime();
                if (wait > 0) {
                    // wakes early once every message is through (consumers count them) to end the run at once
                    LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
                    if (Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedException("steady state: interrupted");
                    }
                    continue;
                }
                nextSample += plan.sampleEvery().toNanos();
                Sample s = sample(health, deadCount, start, sent, acked);
                samples.add(s);
                if (samples.size() % PRINT_EVERY == 1) {
                    List<Sample> window = samples.subList(Math.max(0, samples.size() - PRINT_EVERY), samples.size());
                    progress.printf(Locale.ROOT, "steady     t=%6.1f s  sent %,9d  acked %,9d  dead %,6d-%,6d  "
                                    + "stats: live %,8d dead %,8d  size %,7d kB  vacuums %d%n", s.seconds(), s.sent(),
                            s.acked(), window.stream().mapToLong(Sample::judgedDead).min().orElseThrow(),
                            window.stream().mapToLong(Sample::judgedDead).max().orElseThrow(), s.live(), s.dead(),
                            s.bytes() / 1024, s.vacuums());
                }
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join(JOIN_DEADLINE.toMillis());
                if (t.isAlive()) {
                    throw new IllegalStateException("steady state: " + t.getName() + " still runs " + JOIN_DEADLINE
                            + " after the run ended");
                }
            }
            if (failure.get() != null) {
                throw new IllegalStateException("steady state failed: " + failure.get(), failure.get());
            }
            // the sample after the stop gives the final counts and size; its dead tuples are not judged: closing
            // sessions flush the statistics they held back (measured: ~10,000 dead tuples at once), which is the
            // shutdown, not the steady state
            end = sample(health, deadCount, start, sent, acked);
        } finally {
            stop.set(true);
        }
        return rows(plan, samples, end, complete, vacuumMode, (System.nanoTime() - start) / 1e9, progress);
    }

    /** Judges the samples taken while the traffic ran; {@code last} is the one taken after it stopped. */
    private List<Row> rows(Plan plan, List<Sample> samples, Sample last, boolean complete, String vacuumMode,
                           double seconds, PrintStream progress) {
        double half = last.seconds() / 2;
        double threeQuarters = last.seconds() * 3 / 4;
        Sample middle = last;
        long peak = 0;
        long statsPeak = 0;
        List<Sample> third = new ArrayList<>();
        List<Sample> fourth = new ArrayList<>();
        long minLive = Long.MAX_VALUE;
        long maxLive = 0;
        long maxBacklog = 0;
        for (Sample s : samples) {
            maxBacklog = Math.max(maxBacklog, s.sent() - s.acked());
            if (s.seconds() < half) {
                continue;
            }
            if (middle == last) {
                middle = s;
            }
            peak = Math.max(peak, s.judgedDead());
            statsPeak = Math.max(statsPeak, s.dead());
            minLive = Math.min(minLive, s.live());
            maxLive = Math.max(maxLive, s.live());
            (s.seconds() < threeQuarters ? third : fourth).add(s);
        }
        if (fourth.isEmpty()) {
            // a run too short for two samples in its second half (smoke on a slow host): judge the end
            fourth.add(last);
        }
        if (third.isEmpty()) {
            third.add(middle);
        }
        long deadLimit = Math.round(plan.messages() * DEAD_SHARE_TARGET);
        double mean3 = third.stream().mapToLong(Sample::judgedDead).average().orElseThrow();
        double mean4 = fourth.stream().mapToLong(Sample::judgedDead).average().orElseThrow();
        long growthLimit = Math.round(mean3 * DEAD_GROWTH_FACTOR) + DEAD_GROWTH_SLACK;
        long size3 = medianBytes(third);
        long size4 = medianBytes(fourth);
        long sizeLimit = Math.round(size3 * SIZE_GROWTH_TARGET);
        String note = String.format(Locale.ROOT, "%s%,d sent at %,.0f msg/s (asked %,d) in %.0f s; 2nd half: "
                        + "n_live_tup %,d-%,d, %d samples; backlog at most %,d; %d vacuums, %d analyzes in all; HOT "
                        + "updates %.0f%% of %,d; %s; %s", complete ? "" : "INCOMPLETE, deadline reached: ",
                last.acked(), last.sent() / seconds, plan.rate(), seconds, minLive == Long.MAX_VALUE ? 0 : minLive,
                maxLive, samples.stream().filter(s -> s.seconds() >= half).count(), maxBacklog, last.vacuums(),
                last.analyzes(), last.updates() == 0 ? 0.0 : 100.0 * last.hotUpdates() / last.updates(),
                last.updates(), vacuumMode, last.countedDead() >= 0
                        ? String.format(Locale.ROOT, "dead tuples counted by pgstattuple; the statistics' n_dead_tup, "
                        + "an estimate that drifts, peaked at %,d in the 2nd half", statsPeak)
                        : "dead tuples as the statistics estimate them (n_dead_tup; pgstattuple unavailable)");
        progress.printf(Locale.ROOT, "steady     peak dead %,d (limit %,d); 3rd/4th quarter means %,.0f/%,.0f; median "
                        + "size %,d/%,d kB; %,d kB at the end%n", peak, deadLimit, mean3, mean4, size3 / 1024,
                size4 / 1024, last.bytes() / 1024);
        String prefix = String.format(Locale.ROOT, "steady state, %,d messages", plan.messages());
        return List.of(
                new Row(prefix + ": peak dead tuples, 2nd half", "tuples", peak, OptionalDouble.empty(),
                        List.of((double) peak), String.format(Locale.ROOT, "< %,d (2%% of messages)", deadLimit),
                        complete && peak < deadLimit, note),
                new Row(prefix + ": mean dead tuples, last quarter", "tuples", mean4, OptionalDouble.empty(),
                        List.of(mean4), String.format(Locale.ROOT, "<= %,d (%.2fx 3rd quarter's %,.0f + %,d)",
                        growthLimit, DEAD_GROWTH_FACTOR, mean3, DEAD_GROWTH_SLACK),
                        complete && mean4 <= growthLimit, String.format(Locale.ROOT, "same run as the row above; "
                        + "%d and %d samples", third.size(), fourth.size())),
                new Row(prefix + ": median table size, last quarter", "kB", size4 / 1024.0, OptionalDouble.empty(),
                        List.of(size4 / 1024.0), String.format(Locale.ROOT, "<= %,d kB (%.2fx 3rd quarter's %,d kB)",
                        sizeLimit / 1024, SIZE_GROWTH_TARGET, size3 / 1024),
                        complete && size4 <= sizeLimit, String.format(Locale.ROOT, "same run as the rows above; %,d "
                        + "kB at t=%.0f s, %,d kB at the end", middle.bytes() / 1024, middle.seconds(),
                        last.bytes() / 1024)));
    }

    private static long medianBytes(List<Sample> samples) {
        long[] bytes = samples.stream().mapToLong(Sample::bytes).sorted().toArray();
        return bytes[bytes.length / 2];
    }

    private static Sample sample(PreparedStatement health, PreparedStatement deadCount, long start, AtomicLong sent,
                                 AtomicLong acked) throws SQLException {
        long s = sent.get();
        long a = acked.get();
        long countedDead = -1;
        if (deadCount != null) {
            try (ResultSet rs = deadCount.executeQuery()) {
                rs.next();
                countedDead = rs.getLong(1);
            }
        }
        try (ResultSet rs = health.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("steady state: the channel table has no row in pg_stat_user_tables");
            }
            return new Sample((System.nanoTime() - start) / 1e9, s, a, rs.getLong(1), rs.getLong(2), rs.getLong(3),
                    rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), countedDead);
        }
    }

    /** Sends its share of the messages, {@value #SENDS_PER_TX} per transaction, each block when it falls due. */
    private static void produce(DataSource dataSource, TextChannel channel, Plan plan, long start, AtomicLong reserved,
                                AtomicLong sent, AtomicBoolean stop, AtomicReference<Throwable> failure)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            DSLContext tx = Pgmq.using(c);
            double nanosPerMessage = 1e9 / plan.rate();
            while (!stop.get() && failure.get() == null) {
                long first = reserved.getAndAdd(SENDS_PER_TX);
                if (first >= plan.messages()) {
                    return;
                }
                long n = Math.min(SENDS_PER_TX, plan.messages() - first);
                long due = start + (long) (first * nanosPerMessage);
                for (long wait = due - System.nanoTime(); wait > 0 && !stop.get(); wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
                }
                for (int i = 0; i < n; i++) {
                    channel.send(tx, Bench.PAYLOAD);
                }
                c.commit();
                sent.addAndGet(n);
            }
        }
    }

    /** Claims and acks until every message is through (or the run stops), pausing when nothing is ready. */
    private static void consume(DataSource dataSource, Plan plan, AtomicLong sent, AtomicLong acked,
                                AtomicBoolean stop, AtomicReference<Throwable> failure) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement claim = BaselineSql.claimText(c);
             PreparedStatement ack = BaselineSql.ackAll(c)) {
            claim.setString(1, CHANNEL);
            claim.setInt(2, CLAIM_BATCH);
            claim.setDouble(3, LEASE.toSeconds());
            ack.setString(1, CHANNEL);
            List<Long> ids = new ArrayList<>(CLAIM_BATCH);
            List<Object> tokens = new ArrayList<>(CLAIM_BATCH);
            while (!stop.get() && failure.get() == null && acked.get() < plan.messages()) {
                ids.clear();
                tokens.clear();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        tokens.add(rs.getObject(2));
                        rs.getString(3);
                    }
                }
                if (ids.isEmpty()) {
                    LockSupport.parkNanos(POLL.toNanos());
                    continue;
                }
                Array idArray = c.createArrayOf("bigint", ids.toArray());
                Array tokenArray = c.createArrayOf("uuid", tokens.toArray());
                ack.setArray(2, idArray);
                ack.setArray(3, tokenArray);
                try (ResultSet rs = ack.executeQuery()) {
                    rs.next();
                    long done = rs.getLong(1);
                    if (done != ids.size()) {
                        throw new IllegalStateException("steady state: acked " + done + " of " + ids.size()
                                + " messages just claimed with a " + LEASE.toSeconds() + " s lease");
                    }
                    acked.addAndGet(done);
                }
            }
        }
    }

    /** Runs retention: purges batch after batch, resting after a short one, until the run stops. */
    private static void purge(DataSource dataSource, Plan plan, AtomicBoolean stop, AtomicReference<Throwable> failure)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement purge = BaselineSql.purge(c)) {
            purge.setString(1, CHANNEL);
            while (!stop.get() && failure.get() == null) {
                long deleted;
                try (ResultSet rs = purge.executeQuery()) {
                    rs.next();
                    deleted = rs.getLong(1);
                }
                if (deleted < PURGE_BATCH) {
                    pause(plan.purgeRest(), stop);
                }
            }
        }
    }

    /**
     * The autovacuum launcher's work on the channel table, for a server that runs without it: every naptime,
     * autovacuum's rule for the table, and a throttled VACUUM and/or ANALYZE when it says so.
     */
    private static void emulateAutovacuum(DataSource dataSource, TextChannel channel, Duration naptime,
                                          AtomicBoolean stop, AtomicReference<Throwable> failure) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement due = TableHealthSql.autovacuumDue(c)) {
            due.setString(1, channel.schema());
            due.setString(2, channel.tableName());
            while (!stop.get() && failure.get() == null) {
                pause(naptime, stop);
                if (stop.get()) {
                    return;
                }
                String what;
                try (ResultSet rs = due.executeQuery()) {
                    rs.next();
                    what = rs.getString(1);
                }
                if (what.contains("VACUUM") || what.contains("ANALYZE")) {
                    TableHealthSql.vacuumAsAutovacuum(c, channel.schema(), channel.tableName(), what.contains("VACUUM"),
                            what.contains("ANALYZE"));
                }
            }
        }
    }

    /** Sleeps for {@code length}, waking early when the run stops. */
    private static void pause(Duration length, AtomicBoolean stop) {
        long end = System.nanoTime() + length.toNanos();
        for (long left = end - System.nanoTime(); left > 0 && !stop.get(); left = end - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /** A worker's body; what it throws is the run's failure. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static Thread worker(String name, AtomicReference<Throwable> failure, Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "pgmq-bench-steady-" + name);
        thread.start();
        return thread;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
