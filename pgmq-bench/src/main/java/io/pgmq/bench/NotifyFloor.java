package io.pgmq.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The raw floor of the send → handler latency: what LISTEN/NOTIFY alone takes on this machine, with no claim, no
 * ack and no consumer. A producer inserts into a raw table with the channels' {@code pg_mq_notify} trigger at the
 * latency scenario's rate (autocommit, as pgmq's producer does); a thread on its own connection {@code LISTEN}s and
 * records when each notification arrives. Any LISTEN-driven consumer is at least this slow. Not thread-safe.
 */
final class NotifyFloor {

    static final String TABLE = "raw_latency";
    private static final int LISTEN_WAIT_MILLIS = 200;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private NotifyFloor() {
    }

    /** Creates the raw table with its notify trigger; once per database. */
    static void create(Connection c) throws SQLException {
        BaselineSql.createRawTable(c, TABLE);
    }

    /**
     * Sends {@code warmup + measured} rows at {@code rate} per second and returns the measured rows' latencies, from
     * the start of the INSERT to the notification's arrival, in nanoseconds, sorted.
     */
    static long[] measure(DataSource dataSource, int rate, int warmup, int measured)
            throws SQLException, InterruptedException {
        int total = warmup + measured;
        Map<Long, Long> arrived = new ConcurrentHashMap<>();
        CountDownLatch listening = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Connection listen = dataSource.getConnection(); Connection send = dataSource.getConnection()) {
            BaselineSql.truncate(send, TABLE);
            Thread listener = new Thread(() -> {
                try {
                    try (Statement s = listen.createStatement()) {
                        s.execute("LISTEN " + BaselineSql.quoted(TABLE));
                    }
                    listening.countDown();
                    PGConnection pg = listen.unwrap(PGConnection.class);
                    long deadline = System.nanoTime() + DEADLINE.toNanos();
                    while (arrived.size() < total && System.nanoTime() < deadline) {
                        PGNotification[] notifications = pg.getNotifications(LISTEN_WAIT_MILLIS);
                        long now = System.nanoTime();
                        if (notifications != null) {
                            for (PGNotification n : notifications) {
                                arrived.put(Long.parseLong(n.getParameter()), now);
                            }
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    failure.set(e);
                } finally {
                    listening.countDown();
                }
            }, "pgmq-bench-notify-floor");
            listener.start();
            if (!listening.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("notify floor: no LISTEN within " + DEADLINE);
            }
            long[] ids = new long[total];
            long[] sent = new long[total];
            try (PreparedStatement insert = BaselineSql.insertReturningId(send, TABLE)) {
                insert.setString(1, Bench.PAYLOAD);
                long period = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long due = start + i * period;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    sent[i] = System.nanoTime();
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        ids[i] = rs.getLong(1);
                    }
                }
            }
            listener.join(DEADLINE.toMillis());
            if (failure.get() != null) {
                throw new IllegalStateException("notify floor: listening failed: " + failure.get(), failure.get());
            }
            long[] latencies = new long[measured];
            for (int i = 0; i < measured; i++) {
                Long at = arrived.get(ids[warmup + i]);
                if (at == null) {
                    throw new IllegalStateException("notify floor: no notification for row " + ids[warmup + i]
                            + " within " + DEADLINE);
                }
                latencies[i] = at - sent[warmup + i];
            }
            Arrays.sort(latencies);
            return latencies;
        }
    }
}
