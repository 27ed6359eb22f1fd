package io.pgmq;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jooq.exception.DataAccessException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's LISTEN thread, {@code pgmq-listen-<channel>}: a dedicated autocommit connection that LISTENs on the
 * channel and wakes the claim thread on every notification. A notification is a hint; the table is the truth. It
 * checks the connection is valid every poll interval, and on connection loss logs once at WARN, reconnects with capped
 * backoff and re-LISTENs; the poll interval covers the gap.
 *
 * <p>On a {@code when_idle} channel (the notify mode is read from the catalog whenever the connection opens) it
 * registers the session idle ({@code pg_mq_register_idle}) while the last claim found nothing, and wakes the claim
 * thread once more after registering (a message sent just before did not notify); it unregisters once a claim finds
 * messages.
 */
final class ListenLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ListenLoop.class);
    /** pgjdbc #1144: getNotifications(0) blocks forever on a dead socket; short waits also keep close() prompt. */
    private static final int LISTEN_WAIT_MILLIS = 200;
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final Channel<?> channel;
    private final ConsumerDatabase db;
    private final ClaimGate gate;
    private final long pollNanos;
    private final Degraded degraded;
    private final Thread thread;

    ListenLoop(Channel<?> channel, ConsumerParts parts, Duration pollInterval) {
        this.channel = channel;
        this.db = parts.db();
        this.gate = parts.gate();
        this.pollNanos = pollInterval.toNanos();
        this.degraded = new Degraded(channel.name(), "LISTEN connection lost",
                "reconnecting with backoff, polling every " + pollInterval + " meanwhile",
                "LISTEN connection restored");
        this.thread = DaemonThreads.named("pgmq-listen-" + channel.name()).newThread(this::run);
    }

    void start() {
        thread.start();
    }

    void join(long deadlineNanos) throws InterruptedException {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
    }

    private void run() {
        while (!gate.stopping()) {
            Connection connection = null;
            boolean registered = false;
            try {
                connection = db.connection();
                connection.setAutoCommit(true);
                ListenQueries.listen(connection, channel.name());
                boolean whenIdle = ListenQueries.WHEN_IDLE.equals(
                        ListenQueries.notifyMode(connection, channel.schema(), channel.name()));
                PGConnection pg = connection.unwrap(PGConnection.class);
                degraded.worked();
                LOG.debug("channel \"{}\": listening", channel.name());
                gate.wake();  // anything sent while nobody listened
                long nextCheck = System.nanoTime() + pollNanos;
                while (!gate.stopping()) {
                    if (whenIdle && gate.idle() != registered) {
                        registered = register(connection, gate.idle());
                    }
                    PGNotification[] notifications = pg.getNotifications(LISTEN_WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        gate.wake();
                    }
                    if (System.nanoTime() - nextCheck > 0) {
                        // a dead socket shows up only as a read that times out: ask the server
                        if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                            throw new SQLException("the LISTEN connection is no longer valid", "08006");
                        }
                        nextCheck = System.nanoTime() + pollNanos;
                    }
                }
            } catch (SQLException | DataAccessException e) {
                if (gate.stopping()) {
                    break;
                }
                degraded.failed(e);
                if (degraded.backOff(gate)) {
                    break;
                }
            } finally {
                if (registered && gate.stopping()) {  // after a failure the session is most likely gone, with its row
                    unregisterQuietly(connection);
                }
                closeQuietly(connection);
            }
        }
    }

    /** Registers the session idle, or takes the registration back; returns whether it is registered. */
    private boolean register(Connection connection, boolean idle) {
        if (idle) {
            ListenQueries.registerIdle(connection, channel.schema(), channel.name());
            gate.wake();  // a message sent between the empty claim and the registration did not notify: look again
        } else {
            ListenQueries.unregisterIdle(connection, channel.schema(), channel.name());
        }
        LOG.debug("channel \"{}\": {} idle", channel.name(), idle ? "registered" : "unregistered");
        return idle;
    }

    /** A pooled LISTEN connection outlives this consumer: a registration left on it would keep sends notifying. */
    private void unregisterQuietly(Connection connection) {
        try {
            ListenQueries.unregisterIdle(connection, channel.schema(), channel.name());
        } catch (DataAccessException e) {
            LOG.debug("channel \"{}\": unregistering idle failed; the row is ignored once the session ends",
                    channel.name(), e);
        }
    }

    private void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("channel \"{}\": closing the LISTEN connection failed", channel.name(), e);
        }
    }
}
