package io.pgmq.bench;

import io.pgmq.Consumer;
import io.pgmq.MessageHandler;
import io.pgmq.Pgmq;
import io.pgmq.TextChannel;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * Wake-ups on time (issue 15): a LISTEN {@link Consumer} with {@code pollInterval(30 s)} handles a message when it
 * becomes ready, not at its next poll. Two runs, each on a channel of its own: messages sent with delays spread over
 * 1-10 s, and messages whose first attempt fails, so that the consumer nacks them and they come back after the
 * channel's backoff. The figure is the p99 of how late each handler started after the message was due. No raw
 * baseline: without the wake-up the consumer would find each message at its next poll, up to 30 s late.
 */
final class WakeUpBench implements Scenario {

    static final double TARGET_MS = 100;
    static final Duration POLL = Duration.ofSeconds(30);
    private static final String DELAYED = "bench_wake_delayed";
    private static final String NACKED = "bench_wake_nacked";
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private static final Duration DEADLINE_AFTER_LAST = Duration.ofSeconds(20);

    /**
     * How big a run is.
     *
     * @param messages how many messages each run sends
     * @param minDelay the shortest delay
     * @param maxDelay the longest delay; delays are spread evenly (seeded) between the two
     */
    record Plan(int messages, Duration minDelay, Duration maxDelay) {

        static Plan full() {
            return new Plan(1000, Duration.ofSeconds(1), Duration.ofSeconds(10));
        }

        static Plan smoke() {
            return new Plan(50, Duration.ofMillis(200), Duration.ofMillis(1200));
        }
    }

    @Override
    public List<Row> run(DataSource dataSource, Settings settings, PrintStream progress)
            throws SQLException, InterruptedException {
        Plan plan = settings.smoke() ? Plan.smoke() : Plan.full();
        try (Connection c = dataSource.getConnection()) {
            BaselineSql.createChannel(c, DELAYED);
            BaselineSql.createChannel(c, NACKED);
            BaselineSql.setBackoff(c, NACKED, BACKOFF, BACKOFF);
            BaselineSql.recordRetries(c, NACKED);
        }
        return List.of(delayed(dataSource, plan, progress), nacked(dataSource, plan, progress));
    }

    @Override
    public String sides(Settings settings) {
        Plan plan = settings.smoke() ? Plan.smoke() : Plan.full();
        return String.format(Locale.ROOT, "wake-ups: a `Consumer` with `pollInterval(%d s)` (LISTEN, concurrency 4, "
                + "batch size 10, an 8-connection pool) on a channel that gets %,d messages in one transaction, each "
                + "`send(tx, payload, Instant)` with a delay spread evenly (seeded) over %s-%s; the handler records "
                + "when it starts, and the figure is how late that was after the message's instant. The nack run sends "
                + "the same way to a channel with a backoff of %d s (each retry after half to all of it, pgmq's "
                + "jitter); the handler throws on the first attempt, the consumer nacks, and a trigger of the harness "
                + "records the retry time the nack set, against which the second attempt's start is measured. No raw "
                + "baseline: without wake-ups the consumer would find each message at its next poll.",
                POLL.toSeconds(), plan.messages(), seconds(plan.minDelay()), seconds(plan.maxDelay()),
                BACKOFF.toSeconds());
    }

    /** Delayed sends: lateness of each handler start after its message's instant. */
    private Row delayed(DataSource dataSource, Plan plan, PrintStream progress)
            throws SQLException, InterruptedException {
        TextChannel channel = TextChannel.of(DELAYED);
        Map<Long, Instant> due = new ConcurrentHashMap<>();
        Map<Long, Instant> started = new ConcurrentHashMap<>();
        CountDownLatch handled = new CountDownLatch(plan.messages());
        progress.printf(Locale.ROOT, "wake-up  %,d delayed sends over %s-%s, poll interval %d s%n", plan.messages(),
                seconds(plan.minDelay()), seconds(plan.maxDelay()), POLL.toSeconds());
        try (ConnectionPool pool = new ConnectionPool(dataSource, 8);
             Consumer<String> consumer = consumer(channel, pool, d -> {
                 started.putIfAbsent(d.msgId(), Instant.now());
                 handled.countDown();
             })) {
            ConsumerFootprint.awaitListening(dataSource, channel);
            sendDelayed(dataSource, channel, plan, due);
            await(handled, plan.maxDelay(), "delayed sends");
        }
        double[] late = lateness(started, due);
        return row(String.format(Locale.ROOT, "wake-up, %,d delayed sends over %s-%s, poll interval %d s: lateness"
                + " p99", plan.messages(), seconds(plan.minDelay()), seconds(plan.maxDelay()), POLL.toSeconds()),
                late, progress);
    }

    /** Nacked messages: lateness of each second attempt after the retry time its nack set. */
    private Row nacked(DataSource dataSource, Plan plan, PrintStream progress)
            throws SQLException, InterruptedException {
        TextChannel channel = TextChannel.of(NACKED);
        Map<Long, Instant> retried = new ConcurrentHashMap<>();
        CountDownLatch handled = new CountDownLatch(plan.messages());
        progress.printf(Locale.ROOT, "wake-up  %,d nacked messages, backoff %d s, poll interval %d s%n",
                plan.messages(), BACKOFF.toSeconds(), POLL.toSeconds());
        try (ConnectionPool pool = new ConnectionPool(dataSource, 8);
             Consumer<String> consumer = consumer(channel, pool, d -> {
                 if (d.attempt() == 1) {
                     throw new IllegalStateException("the first attempt fails, for the bench");
                 }
                 retried.putIfAbsent(d.msgId(), Instant.now());
                 handled.countDown();
             })) {
            ConsumerFootprint.awaitListening(dataSource, channel);
            sendDelayed(dataSource, channel, plan, new ConcurrentHashMap<>());
            await(handled, plan.maxDelay().plus(BACKOFF), "nacked messages");
        }
        Map<Long, Instant> retryAt;
        try (Connection c = dataSource.getConnection()) {
            retryAt = BaselineSql.retryTimes(c);
        }
        double[] late = lateness(retried, retryAt);
        return row(String.format(Locale.ROOT, "wake-up, %,d nacked messages, backoff %d s, poll interval %d s: "
                + "lateness after the backoff, p99", plan.messages(), BACKOFF.toSeconds(), POLL.toSeconds()), late,
                progress);
    }

    private static Consumer<String> consumer(TextChannel channel, ConnectionPool pool,
                                             MessageHandler<String> handler) {
        return Consumer.builder(channel, pool).handler(handler).pollInterval(POLL).concurrency(4).batchSize(10)
                .purgeInterval(Duration.ZERO).shutdownDeadline(Duration.ofSeconds(5)).start();
    }

    /** Sends the plan's messages in one transaction, each due at its own instant; records the instants by id. */
    private static void sendDelayed(DataSource dataSource, TextChannel channel, Plan plan, Map<Long, Instant> due)
            throws SQLException {
        Random random = new Random(15);
        long spread = plan.maxDelay().minus(plan.minDelay()).toNanos();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            DSLContext tx = Pgmq.using(c);
            Instant base = Instant.now();
            for (int i = 0; i < plan.messages(); i++) {
                Instant at = base.plus(plan.minDelay()).plusNanos((long) (random.nextDouble() * spread));
                due.put(channel.send(tx, Bench.PAYLOAD, at), at);
            }
            c.commit();
        }
    }

    /** Waits for every message until 20 s after the last is due (well short of two polls); fails loudly past it. */
    private static void await(CountDownLatch handled, Duration lastDue, String what) throws InterruptedException {
        Duration deadline = lastDue.plus(DEADLINE_AFTER_LAST);
        if (!handled.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("wake-up: " + handled.getCount() + " " + what + " not handled within "
                    + deadline + " (the poll interval is " + POLL + ")");
        }
    }

    /** Milliseconds from each message's due instant to its handler's start, sorted. */
    private static double[] lateness(Map<Long, Instant> started, Map<Long, Instant> due) {
        double[] late = started.entrySet().stream()
                .filter(e -> due.containsKey(e.getKey()))
                .mapToDouble(e -> Duration.between(due.get(e.getKey()), e.getValue()).toNanos() / 1e6)
                .toArray();
        if (late.length != started.size()) {
            throw new IllegalStateException("wake-up: " + (started.size() - late.length) + " handled messages have no"
                    + " due time recorded");
        }
        Arrays.sort(late);
        return late;
    }

    private static Row row(String scenario, double[] late, PrintStream progress) {
        double p50 = percentile(late, 0.50);
        double p99 = percentile(late, 0.99);
        double max = late[late.length - 1];
        long over = Arrays.stream(late).filter(ms -> ms > TARGET_MS).count();
        progress.printf(Locale.ROOT, "wake-up  p50 %.1f ms  p99 %.1f ms  max %.1f ms  min %.1f ms (%,d samples)%n",
                p50, p99, max, late[0], late.length);
        String note = String.format(Locale.ROOT, "%,d samples; p50 %.1f ms, max %.1f ms, min %.1f ms%s; %d later "
                + "than %.0f ms; before wake-ups the consumer found each at its next poll, up to %d s late",
                late.length, p50, max, late[0], late[0] < 0 ? " (the database's clock runs ahead of the JVM's)" : "",
                over, TARGET_MS, POLL.toSeconds());
        return new Row(scenario, "ms", p99, OptionalDouble.empty(), List.of(), "<= 100 ms", p99 <= TARGET_MS, note);
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
