package io.pgmq.fault;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.pgmq.test.PgmqDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 5: the application's HikariCP pool, shared by producers, consumers and other work, exhausted for seconds
 * by that other work: threads take every connection they can get and hold them, so the producers' and consumers'
 * borrowers wait out HikariCP's connection timeout and fail (claims, acks, the handlers' own transactions), then the
 * connections come back.
 */
final class PoolExhaustion implements Scenario {

    private static final int POOL_SIZE = 10;

    @Override
    public String number() {
        return "5";
    }

    @Override
    public String title() {
        return "application pool (HikariCP) exhausted by other work";
    }

    @Override
    public Row run(Size size, Path workDir) throws Exception {
        int messages = size.pick(1_500, 20_000);
        int rate = size.pick(300, 500);
        Duration hold = size.pick(Duration.ofSeconds(4), Duration.ofSeconds(20));
        Duration connectionTimeout = size.pick(Duration.ofSeconds(1), Duration.ofSeconds(5));
        ConsumerPlan plan = new ConsumerPlan(ConsumerPlan.Kind.SINGLE, 2, 10,
                size.pick(Duration.ofSeconds(3), Duration.ofSeconds(30)),
                size.pick(Duration.ofMillis(500), Duration.ofSeconds(5)));
        FaultChannel<String> ch = FaultChannel.text("pool");
        try (PgmqDatabase scratch = PgmqDatabase.create("public", "classpath:db/pgmq");
             Run run = Run.open(Database.of(scratch), List.of(ch))) {
            HikariDataSource pool = run.pool("app", POOL_SIZE, connectionTimeout);
            run.consume(ch, pool, plan, "c1-single");
            run.consume(ch, pool, plan.with(ConsumerPlan.Kind.TRANSACTIONAL), "c2-transactional");
            Producers producers = run.produce(pool, new Producers.Plan(2, messages, rate, false));
            run.awaitStarted(producers, messages / 3, size.pick(Duration.ofSeconds(30), Duration.ofMinutes(5)));
            Instant start = Instant.now();
            Exhaustion seen = exhaust(pool, hold);
            run.timeline().record("pool exhausted", start, Instant.now());
            run.check("the pool was exhausted", seen.maxWaiting() > 0 && seen.maxHeld() > 0,
                    "other work held up to " + seen.maxHeld() + " of " + POOL_SIZE + " connections, up to "
                            + seen.maxWaiting() + " threads waited for one");
            run.awaitDone(producers, size.pick(Duration.ofSeconds(60), Duration.ofMinutes(10)));
            return run.finish(number(), title(), String.format(Locale.ROOT, "%,d msgs at %d/s, 2 producers x 2 "
                    + "consumers (single, transactional) on one pool of %d, connectionTimeout %s, exhausted for %s",
                    messages, rate, POOL_SIZE, Run.seconds(connectionTimeout), Run.seconds(hold)));
        }
    }

    /**
     * What the pool looked like while exhausted.
     *
     * @param maxHeld    most connections the other work held at once
     * @param maxWaiting most threads waiting for a connection at once
     */
    private record Exhaustion(int maxHeld, int maxWaiting) {
    }

    /**
     * Starts a thread per pool slot that takes a connection (retrying when the pool's timeout runs out) and holds it;
     * samples the pool every 50 ms; after {@code hold}, gives everything back.
     */
    private static Exhaustion exhaust(HikariDataSource pool, Duration hold) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            Thread t = new Thread(() -> hog(pool, release, held), "pgmq-fault-other-work-" + i);
            t.setDaemon(true);
            hogs.add(t);
            t.start();
        }
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        int maxHeld = 0;
        int maxWaiting = 0;
        long end = System.nanoTime() + hold.toNanos();
        // sampling for the duration of the fault, which is held that long on purpose
        while (!release.await(Math.min(50, Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))),
                TimeUnit.MILLISECONDS) && System.nanoTime() - end < 0) {
            maxHeld = Math.max(maxHeld, held.get());
            if (mx.getIdleConnections() == 0) {
                maxWaiting = Math.max(maxWaiting, mx.getThreadsAwaitingConnection());
            }
        }
        release.countDown();
        for (Thread t : hogs) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        return new Exhaustion(maxHeld, maxWaiting);
    }

    private static void hog(HikariDataSource pool, CountDownLatch release, AtomicInteger held) {
        try {
            while (release.getCount() > 0) {
                Connection c;
                try {
                    c = pool.getConnection();
                } catch (SQLException timedOut) {
                    continue;  // the pool's connection timeout ran out: other work keeps asking
                }
                try (c) {
                    held.incrementAndGet();
                    release.await();
                    return;
                } finally {
                    held.decrementAndGet();
                }
            }
        } catch (SQLException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
