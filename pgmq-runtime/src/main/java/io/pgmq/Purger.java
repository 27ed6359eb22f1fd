package io.pgmq;

import io.pgmq.internal.ConsumerCounters;
import io.pgmq.internal.ConsumerCounters.Outcome;
import io.pgmq.internal.DslContexts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's retention, on the {@code pgmq-purge-<channel>} thread: every purge interval, if this instance gets the
 * channel's {@link PurgeLock}, it deletes the channel's finished messages past their retention
 * ({@code pg_mq_set_retention}) in batches, each its own transaction, until a batch is not full. One instance of a
 * deployment purges at a time. Thread-safe.
 */
final class Purger {

    private static final Logger LOG = LoggerFactory.getLogger(Purger.class);
    private static final int BATCH = 1000;

    private final Channel<?> channel;
    private final ConsumerDatabase db;
    private final ClaimGate gate;
    private final ConsumerCounters counters;
    private final Duration interval;
    private final PurgeLock lock;
    private final Degraded degraded;
    private final ScheduledThreadPoolExecutor schedule;

    Purger(Channel<?> channel, ConsumerParts parts, Duration interval) {
        this.channel = channel;
        this.db = parts.db();
        this.gate = parts.gate();
        this.counters = parts.counters();
        this.interval = interval;
        this.lock = new PurgeLock(channel);
        this.degraded = new Degraded(channel.name(), "purge failed", "retrying every " + interval, "purging again");
        this.schedule = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("pgmq-purge-" + channel.name()));
    }

    void start() {
        schedule.scheduleWithFixedDelay(this::purgeOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        schedule.shutdownNow();
    }

    private void purgeOnce() {
        try (Connection connection = db.connection()) {
            connection.setAutoCommit(true);  // each batch is its own transaction; the session lock spans them
            DSLContext session = DslContexts.using(connection, ConsumerDatabase.STATEMENT_TIMEOUT_SECONDS);
            if (!lock.tryLock(session)) {
                LOG.debug("channel \"{}\": another instance is purging", channel.name());
                return;
            }
            try {
                long total = 0;
                long deleted;
                do {
                    deleted = channel.purge(session, BATCH);
                    total += deleted;
                } while (deleted == BATCH && !gate.stopping());
                counters.add(Outcome.PURGED, total);
                LOG.debug("channel \"{}\": purged {} finished messages", channel.name(), total);
            } finally {
                lock.unlock(session);
            }
            degraded.worked();
        } catch (SQLException | PgmqException | DataAccessException e) {
            degraded.failed(e);
        }
    }
}
