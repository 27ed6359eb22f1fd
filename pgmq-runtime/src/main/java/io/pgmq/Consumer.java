package io.pgmq;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running at-least-once consumer of one channel: claims messages, runs a handler on each (or on each batch), acks
 * what the handler returned from and nacks what it threw on. Start one with
 * {@code Consumer.builder(channel, dataSource).handler(d -> ...).start()} and stop it with {@link #close()}.
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li>Every claim, ack, nack, lease extension and release is its own short transaction on a connection borrowed
 *       from the {@link DataSource}; handlers run outside them, so a slow handler never holds a transaction open.
 *       Claims and acks are single statements run in autocommit (the consumer switches a borrowed connection to
 *       autocommit if the pool hands it out without), so each costs one round trip.</li>
 *   <li>One dedicated autocommit connection {@code LISTEN}s on the channel (unless {@linkplain Builder#pollOnly
 *       pollOnly}); a notification triggers a claim at once. Every {@linkplain Builder#pollInterval poll interval}
 *       the consumer claims anyway, so a lost notification delays a message, never loses it.</li>
 *   <li>On a channel whose notify mode is {@code when_idle} (read from the catalog whenever the LISTEN connection
 *       opens), sends notify only while a consumer is registered idle: after a claim that found nothing the consumer
 *       registers its LISTEN session ({@code pg_mq_register_idle}) and claims once more (a message sent just before
 *       did not notify), and after a claim that found messages it unregisters. A busy consumer thus keeps NOTIFY
 *       off the producers' commits, and its poll interval bounds any wake-up it misses.</li>
 *   <li>It never claims more than it has free handler slots ({@linkplain Builder#concurrency concurrency}); a full
 *       claim is followed by another at once, so a backlog drains at full speed. A claim that found messages is
 *       followed by others 1, 2 and 4 ms later even if no notification came: while messages arrive back to back,
 *       pgjdbc hands notifications over only after a pause in their stream, so waiting for them would add latency;
 *       after that, an idle consumer waits for a notification or the poll interval.</li>
 *   <li>A handler that returned hands its ack to the ack thread and its thread takes the next message; the ack thread
 *       acks everything handed to it since its last statement in one statement, so under load acks batch themselves
 *       instead of costing a statement per message. At most {@code concurrency} handled messages (or batches) wait
 *       for their ack; when they do, handler threads wait too and claiming pauses. {@link #close()} waits for these
 *       acks.</li>
 *   <li>While a handler runs, its lease is extended every half lease, so handlers may run longer than the lease.</li>
 *   <li>On connection loss it logs one WARN, reconnects with capped backoff and re-LISTENs, and polls meanwhile. A
 *       handler's ack or nack is retried on a new connection; if that fails too, the lease expires and the message is
 *       delivered again (never acked twice: an ack presents the lease token, which a redelivery replaces).</li>
 *   <li>With a {@linkplain Builder#transactionalHandler transactional handler} there are no leases, acks or lease
 *       extensions: each free handler slot runs one transaction at a time that claims locked
 *       ({@link Channel#claimLocked}), runs the handler on each message behind a savepoint, fails those that threw
 *       ({@link Channel#fail}), completes the others ({@link Channel#complete}) and commits. A lost connection or a
 *       crash rolls the transaction back and the messages are ready again at once; {@link #close()} past its deadline
 *       interrupts the handlers and rolls their transactions back.</li>
 *   <li>If {@linkplain Builder#purgeInterval purging} is on, it deletes the channel's finished messages past their
 *       retention ({@code pg_mq_set_retention}) periodically, under an advisory lock so that one instance of a
 *       deployment does it.</li>
 * </ul>
 *
 * <p>Threads, all daemons: {@code pgmq-claim-<channel>}, {@code pgmq-listen-<channel>}, {@code pgmq-ack-<channel>},
 * {@code pgmq-handler-<channel>-<n>} (at most concurrency, started on demand), {@code pgmq-lease-<channel>} and
 * {@code pgmq-purge-<channel>}. Statements time out after 30 seconds; connection acquisition is bounded by the data
 * source's own timeout (pgjdbc's {@code connectTimeout}, a pool's {@code connectionTimeout}).
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 *
 * @param <T> the payload type
 */
public final class Consumer<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);
    /** After a claim that found messages, the claim thread claims again this soon, then at twice, then four times. */
    private static final long FIRST_FOLLOW_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LAST_FOLLOW_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

    /** Statement timeout of the consumer's transactions, in seconds. */
    private static final int STATEMENT_TIMEOUT_SECONDS = 30;
    /** pgjdbc #1144: getNotifications(0) blocks forever on a dead socket; short waits also keep close() prompt. */
    private static final int LISTEN_WAIT_MILLIS = 200;
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final int COMPLETION_ATTEMPTS = 3;
    private static final int PURGE_BATCH = 1000;
    private static final int MAX_ERROR_CHARS = 8000;

    private final Channel<T> channel;
    private final DataSource dataSource;
    private final MessageHandler<T> handler;
    private final MessageHandler.Batch<T> batchHandler;
    private final MessageHandler.InTransaction<T> transactionalHandler;
    private final int batchSize;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration shutdownDeadline;
    private final Duration purgeInterval;
    private final DSLContext dsl;
    private final ConsumerCounters counters = new ConsumerCounters();

    // Dispatch state, guarded by lock: the claim thread waits on `changed` for a wake-up, a free slot or stop.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int freeSlots;
    private boolean wakeRequested;
    private volatile boolean stopping;
    /** The last claim found nothing: the LISTEN thread registers the consumer idle on a when_idle channel. */
    private volatile boolean idle;
    /** Transactional handler: the last round found a full batch, so start another for every free slot. */
    private boolean backlog = true;
    /** Transactional handler: a round found messages since the claim thread last looked (follow-up claims). */
    private boolean roundFound;
    /** Transactional handler: rounds are failing (logged once), and the backoff before the next one. */
    private volatile boolean roundsFailing;
    private volatile long roundBackoff;

    // Handled work waiting for its ack, guarded by ackLock: handler threads queue it and take the next message, the
    // ack thread acks all of it in one statement per round. At most `concurrency` items: a handler thread whose work
    // does not fit waits for room, holding its slot, so a slow database stops the claims instead of filling memory.
    private final ReentrantLock ackLock = new ReentrantLock();
    private final Condition ackQueued = ackLock.newCondition();
    private final Condition ackRoom = ackLock.newCondition();
    private final List<Work> toAck = new ArrayList<>();
    private final int ackCapacity;
    /** close() told the ack thread to finish what is queued and stop; handlers then ack on their own thread. */
    private boolean acksClosed;

    /** Work claimed and handed to the handler pool but not started; removing an item decides who owns it. */
    private final Set<Work> unstarted = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor handlers;
    private final ScheduledThreadPoolExecutor leaseExtender;
    private final ScheduledThreadPoolExecutor purger;
    private final Thread claimThread;
    private final Thread listenThread;
    private final Thread ackThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Consumer(Builder<T> b) {
        this.channel = b.channel;
        this.dataSource = b.dataSource;
        this.handler = b.handler;
        this.batchHandler = b.batchHandler;
        this.transactionalHandler = b.transactionalHandler;
        this.batchSize = b.batchSize;
        this.lease = b.lease;
        this.pollInterval = b.pollInterval;
        this.shutdownDeadline = b.shutdownDeadline;
        this.purgeInterval = b.purgeInterval;
        this.freeSlots = b.concurrency;
        this.ackCapacity = b.concurrency;
        this.dsl = Pgmq.using(dataSource, STATEMENT_TIMEOUT_SECONDS);
        String name = channel.name();
        AtomicInteger handlerThreads = new AtomicInteger();
        // The queue never holds more than `concurrency` items: the claim thread only claims for free slots.
        this.handlers = new ThreadPoolExecutor(b.concurrency, b.concurrency, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(b.concurrency),
                daemon(() -> "pgmq-handler-" + name + "-" + handlerThreads.incrementAndGet()),
                new ThreadPoolExecutor.AbortPolicy());
        this.handlers.allowCoreThreadTimeOut(true);
        // At most one scheduled extension per running handler, so its (unbounded) queue stays below concurrency.
        this.leaseExtender = new ScheduledThreadPoolExecutor(1, daemon(() -> "pgmq-lease-" + name));
        this.leaseExtender.setRemoveOnCancelPolicy(true);
        if (purgeInterval.isZero()) {
            this.purger = null;
        } else {
            this.purger = new ScheduledThreadPoolExecutor(1, daemon(() -> "pgmq-purge-" + name));
        }
        this.claimThread = daemon(() -> "pgmq-claim-" + name)
                .newThread(transactionalHandler == null ? this::claimLoop : this::roundLoop);
        this.ackThread = daemon(() -> "pgmq-ack-" + name).newThread(this::ackLoop);
        this.listenThread = b.pollOnly ? null : daemon(() -> "pgmq-listen-" + name).newThread(this::listenLoop);
    }

    /**
     * Starts building a consumer of {@code channel} that borrows its connections from {@code dataSource}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static <T> Builder<T> builder(Channel<T> channel, DataSource dataSource) {
        return new Builder<>(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Returns the channel this consumer claims from. */
    public Channel<T> channel() {
        return channel;
    }

    /** The counters {@link PgmqMetrics} exposes. */
    ConsumerCounters counters() {
        return counters;
    }

    /** How many handled messages (or batches) wait for the ack thread, not counting the ack it is running. */
    int acksWaiting() {
        ackLock.lock();
        try {
            return toAck.size();
        } finally {
            ackLock.unlock();
        }
    }

    private void start() {
        LOG.info("channel \"{}\": consumer starting (concurrency {}, batch size {}, {}, poll interval {}, {})",
                channel.name(), handlers.getMaximumPoolSize(), batchSize,
                transactionalHandler == null ? "lease " + lease : "locked claims in transactions", pollInterval,
                listenThread == null ? "poll only" : "LISTEN");
        claimThread.start();
        ackThread.start();
        if (listenThread != null) {
            listenThread.start();
        }
        if (purger != null) {
            purger.scheduleWithFixedDelay(this::purgeOnce, purgeInterval.toMillis(), purgeInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops the consumer: stops claiming, lets running handlers finish until the shutdown deadline (then interrupts
     * them; their messages come back when their leases expire), releases the leases of messages claimed but not
     * started, acks what the handlers finished (within the same deadline; acks still running then finish in the
     * background), closes its connections, and returns. With a transactional handler, an interrupted handler's
     * transaction rolls back and its messages are ready again at once. Idempotent; a second call returns at once.
     *
     * <p>If the calling thread is interrupted while waiting, the consumer stops at once (handlers are interrupted,
     * unstarted messages still released) and the thread's interrupt flag is set again on return.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("channel \"{}\": consumer shutting down (deadline {})", channel.name(), shutdownDeadline);
        long deadline = System.nanoTime() + shutdownDeadline.toNanos();
        boolean interrupted = false;
        signal(() -> stopping = true);
        try {
            claimThread.join(remainingMillis(deadline));
            if (listenThread != null) {
                listenThread.join(remainingMillis(deadline));
            }
            releaseUnstarted();
            handlers.shutdown();
            if (!handlers.awaitTermination(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                LOG.warn("channel \"{}\": {} handlers still running after the shutdown deadline of {}; interrupting "
                        + "them, {}", channel.name(), handlers.getActiveCount(), shutdownDeadline,
                        transactionalHandler == null ? "their messages come back when their leases expire"
                                : "their transactions roll back and their messages are ready again");
                handlers.shutdownNow();
            }
            closeAcks();
            ackThread.join(remainingMillis(deadline));
            if (ackThread.isAlive()) {
                LOG.warn("channel \"{}\": acks of handled messages still running after the shutdown deadline of {}; "
                        + "they finish in the background, or the messages come back when their leases expire",
                        channel.name(), shutdownDeadline);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            handlers.shutdownNow();
        } finally {
            closeAcks();
            releaseUnstarted();
            leaseExtender.shutdownNow();
            if (purger != null) {
                purger.shutdownNow();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("channel \"{}\": consumer stopped (claimed {}, acked {}, nacked {}, dead {})", channel.name(),
                counters.claimed.sum(), counters.acked.sum(), counters.nacked.sum(), counters.dead.sum());
    }

    // ---------------------------------------------------------------- claiming

    private void claimLoop() {
        boolean more = true;  // claim once at start: messages may be waiting
        boolean failing = false;
        long backoff = 0;
        long followUp = 0;    // nanos until the next follow-up claim; 0: wait for a notification or the poll
        int taken = 0;
        while (true) {
            lock.lock();
            try {
                long waitUntil = System.nanoTime() + (followUp > 0 ? followUp : pollInterval.toNanos());
                while (!stopping && !more && !wakeRequested) {
                    long left = waitUntil - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    changed.awaitNanos(left);
                }
                wakeRequested = false;
                while (!stopping && freeSlots == 0) {
                    changed.awaitNanos(pollInterval.toNanos());
                }
                if (stopping) {
                    return;
                }
                taken = batchHandler == null ? Math.min(freeSlots, batchSize) : 1;
                freeSlots -= taken;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            int max = batchHandler == null ? taken : batchSize;
            List<Delivery<T>> claimed;
            try {
                claimed = autocommit("claim", session -> channel.claim(session, max, lease));
            } catch (PgmqException | DataAccessException e) {
                returnSlots(taken);
                if (!failing) {
                    LOG.warn("channel \"{}\": claim failed ({}); retrying with backoff", channel.name(), e.getMessage());
                    failing = true;
                } else {
                    LOG.debug("channel \"{}\": claim failed again", channel.name(), e);
                }
                backoff = nextBackoff(backoff);
                more = true;
                if (awaitStop(backoff)) {
                    return;
                }
                continue;
            }
            if (failing) {
                LOG.info("channel \"{}\": claiming again", channel.name());
                failing = false;
            }
            backoff = 0;
            counters.claimed.add(claimed.size());
            more = claimed.size() == max;
            // Messages arriving back to back: claim again soon without waiting for their notifications, which pgjdbc
            // hands over only after a pause of about a millisecond in the stream (its getNotifications keeps reading
            // while more arrive), so under a steady stream the LISTEN thread may not wake us for a long time.
            // 1, 2 then 4 ms after the last claim that found something; then notifications and the poll again.
            if (!claimed.isEmpty()) {
                followUp = FIRST_FOLLOW_UP_NANOS;
            } else if (followUp > 0) {
                followUp = followUp * 2 > LAST_FOLLOW_UP_NANOS ? 0 : followUp * 2;
            }
            idle = claimed.isEmpty();
            if (stopping) {
                returnSlots(taken);
                release(claimed);
                return;
            }
            if (batchHandler == null) {
                returnSlots(taken - claimed.size());
                for (Delivery<T> d : claimed) {
                    dispatch(new Work(List.of(d)));
                }
            } else if (claimed.isEmpty()) {
                returnSlots(1);
            } else {
                dispatch(new Work(List.copyOf(claimed)));
            }
        }
    }

    private void dispatch(Work work) {
        unstarted.add(work);
        try {
            handlers.execute(work);
        } catch (RejectedExecutionException e) {
            // only when close() shut the pool down meanwhile: give the messages back
            if (unstarted.remove(work)) {
                release(work.deliveries);
            }
            returnSlots(1);
        }
    }

    private void returnSlots(int slots) {
        if (slots > 0) {
            signal(() -> freeSlots += slots);
        }
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code millis} or until close(); returns true when stopping (or interrupted). */
    private boolean awaitStop(long millis) {
        lock.lock();
        try {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!stopping) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- locked claims in transactions

    /**
     * The claim thread of a consumer with a transactional handler. It claims nothing itself: for each free slot it
     * starts a round on a handler thread (one transaction: claim locked, handle, complete or fail, commit), at once
     * while the last round found a full batch, otherwise when woken by a notification, 1, 2 and 4 ms after a round
     * that found messages (as {@link #claimLoop} does, for the same reason), or at the poll interval.
     */
    private void roundLoop() {
        long followUp = 0;
        while (true) {
            lock.lock();
            try {
                long waitUntil = System.nanoTime() + (followUp > 0 ? followUp : pollInterval.toNanos());
                boolean timedOut = false;
                while (!stopping && !backlog && !wakeRequested) {
                    if (roundFound) {
                        roundFound = false;
                        followUp = FIRST_FOLLOW_UP_NANOS;
                        waitUntil = System.nanoTime() + followUp;
                    }
                    long left = waitUntil - System.nanoTime();
                    if (left <= 0) {
                        timedOut = true;
                        break;
                    }
                    changed.awaitNanos(left);
                }
                if (timedOut && followUp > 0) {
                    followUp = followUp * 2 > LAST_FOLLOW_UP_NANOS ? 0 : followUp * 2;
                }
                wakeRequested = false;
                while (!stopping && freeSlots == 0) {
                    changed.awaitNanos(pollInterval.toNanos());
                }
                if (stopping) {
                    return;
                }
                freeSlots--;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                handlers.execute(this::round);
            } catch (RejectedExecutionException e) {
                returnSlots(1);  // only when close() shut the pool down meanwhile
            }
        }
    }

    /** What one round did, counted once its transaction committed. */
    private record RoundResult(int claimed, int completed, int failed, int dead) {
    }

    /** Thrown inside a round's transaction to roll all of it back: the consumer is past its shutdown deadline. */
    private static final class RoundInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RoundInterrupted() {
            super(null, null, false, false);
        }
    }

    /** One round on a handler thread: its transaction, then the slot back and the claim thread told what it found. */
    private void round() {
        int claimed = 0;
        try {
            if (stopping) {
                return;
            }
            RoundResult result = dsl.transactionResult(configuration -> runRound(configuration.dsl()));
            claimed = result.claimed();
            counters.claimed.add(result.claimed());
            counters.acked.add(result.completed());
            counters.nacked.add(result.failed());
            counters.dead.add(result.dead());
            if (roundsFailing) {
                LOG.info("channel \"{}\": transactions committing again", channel.name());
                roundsFailing = false;
            }
            roundBackoff = 0;
            idle = claimed == 0;
        } catch (RoundInterrupted e) {
            LOG.debug("channel \"{}\": round rolled back at shutdown; its messages are ready again", channel.name());
        } catch (PgmqException | DataAccessException e) {
            if (!roundsFailing) {
                LOG.warn("channel \"{}\": transaction of a locked claim failed and rolled back ({}); its messages are "
                        + "ready again, retrying with backoff", channel.name(), e.getMessage());
                roundsFailing = true;
            } else {
                LOG.debug("channel \"{}\": transaction of a locked claim failed again", channel.name(), e);
            }
            long backoff = nextBackoff(roundBackoff);
            roundBackoff = backoff;
            awaitStop(backoff);
        } finally {
            boolean full = claimed == batchSize;
            boolean found = claimed > 0;
            signal(() -> {
                freeSlots++;
                backlog = full;
                roundFound |= found;
            });
        }
    }

    /**
     * Claims locked, runs the handler on each message behind a savepoint (a throwing handler's writes are rolled back
     * to it, then the message is failed), and completes the others, all in the caller's (jOOQ's) transaction.
     */
    private RoundResult runRound(DSLContext tx) {
        List<LockedDelivery<T>> claimed = channel.claimLocked(tx, batchSize);
        if (claimed.isEmpty()) {
            return new RoundResult(0, 0, 0, 0);
        }
        return tx.connectionResult(connection -> {
            Instant now = Instant.now();
            List<LockedDelivery<T>> done = new ArrayList<>(claimed.size());
            int failed = 0;
            int dead = 0;
            for (LockedDelivery<T> d : claimed) {
                Duration waited = Duration.between(d.sentAt(), now);
                counters.started(waited.isNegative() ? Duration.ZERO : waited);
                long started = System.nanoTime();
                Savepoint savepoint = connection.setSavepoint();
                Exception failure = null;
                try {
                    transactionalHandler.handle(tx, d);
                } catch (Exception e) {
                    failure = e;
                }
                counters.handled(Duration.ofNanos(System.nanoTime() - started), failure == null);
                if (failure instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    throw new RoundInterrupted();
                }
                if (failure == null) {
                    connection.releaseSavepoint(savepoint);
                    done.add(d);
                    continue;
                }
                connection.rollback(savepoint);
                String error = errorText(failure);
                failed++;
                if (channel.fail(tx, d, error) instanceof NackOutcome.Dead) {
                    dead++;
                    LOG.warn("channel \"{}\": message {} is a dead letter after {} attempts: {}", channel.name(),
                            d.msgId(), d.attempt(), error);
                } else {
                    LOG.debug("channel \"{}\": message {} failed on attempt {}, retried later: {}", channel.name(),
                            d.msgId(), d.attempt(), error);
                }
            }
            if (!done.isEmpty()) {
                channel.complete(tx, done);
            }
            return new RoundResult(claimed.size(), done.size(), failed, dead);
        });
    }

    // ---------------------------------------------------------------- handling

    /** One handler invocation: a single delivery, or a batch for a batch handler. */
    private final class Work implements Runnable {

        final List<Delivery<T>> deliveries;

        Work(List<Delivery<T>> deliveries) {
            this.deliveries = deliveries;
        }

        @Override
        public void run() {
            if (!unstarted.remove(this)) {
                return;  // close() released it
            }
            try {
                handle(this);
            } finally {
                returnSlots(1);
            }
        }
    }

    /** Runs the handler, then queues its ack for the ack thread, or nacks (or acks itself once acks are closed). */
    private void handle(Work work) {
        Instant now = Instant.now();
        for (Delivery<T> d : work.deliveries) {
            Duration waited = Duration.between(d.sentAt(), now);
            counters.started(waited.isNegative() ? Duration.ZERO : waited);
        }
        long extendEvery = Math.max(1, lease.toMillis() / 2);
        ScheduledFuture<?> extension = leaseExtender.scheduleWithFixedDelay(() -> extend(work), extendEvery,
                extendEvery, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        Exception failure = null;
        try {
            if (batchHandler == null) {
                handler.handle(work.deliveries.get(0));
            } else {
                batchHandler.handle(work.deliveries);
            }
        } catch (Exception e) {
            failure = e;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            extension.cancel(false);
        }
        counters.handled(Duration.ofNanos(System.nanoTime() - started), failure == null);
        if (failure == null && queueAck(work)) {
            return;
        }
        // close() past its deadline interrupts handlers; pgjdbc refuses to connect on an interrupted thread, so
        // complete first (bounded by the statement timeout) and restore the flag afterwards
        boolean interrupted = Thread.interrupted();
        try {
            complete(work, failure);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void complete(Work work, Exception failure) {
        if (failure == null) {
            ack(work.deliveries);
        } else {
            String error = errorText(failure);
            for (Delivery<T> d : work.deliveries) {
                complete("nack", List.of(d), () -> {
                    NackOutcome outcome = dsl.transactionResult(tx -> channel.nack(tx.dsl(), d, error));
                    counters.nacked.increment();
                    if (outcome instanceof NackOutcome.Dead) {
                        counters.dead.increment();
                        LOG.warn("channel \"{}\": message {} is a dead letter after {} attempts: {}", channel.name(),
                                d.msgId(), d.attempt(), error);
                    } else {
                        LOG.debug("channel \"{}\": message {} failed on attempt {}, retried later: {}",
                                channel.name(), d.msgId(), d.attempt(), error);
                    }
                });
            }
        }
    }

    /**
     * Runs an ack or nack, retrying on a new connection when the connection failed (the backend was killed, the
     * server restarted). A lost lease is not retried: the message was or will be delivered again.
     */
    private void complete(String operation, List<Delivery<T>> deliveries, Runnable completion) {
        long backoff = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                completion.run();
                return;
            } catch (LeaseLostException e) {
                counters.leaseLost.add(deliveries.size());
                LOG.warn("{}; the message is handled again", e.getMessage());
                return;
            } catch (PgmqException | DataAccessException e) {
                if (attempt >= COMPLETION_ATTEMPTS || !isConnectionFailure(e)) {
                    LOG.warn("channel \"{}\": {} of messages {} failed ({}); they are delivered again when their "
                            + "leases expire", channel.name(), operation, ids(deliveries), e.getMessage());
                    return;
                }
                LOG.debug("channel \"{}\": {} failed on attempt {}, retrying", channel.name(), operation, attempt, e);
                backoff = nextBackoff(backoff);
                if (awaitStop(backoff) && Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- acking

    /**
     * Hands handled work to the ack thread, waiting while the queue is full (the ack thread empties it with every
     * statement). False once close() closed acks or when interrupted meanwhile (interrupt flag kept): the caller then
     * acks the work itself.
     */
    private boolean queueAck(Work work) {
        ackLock.lock();
        try {
            while (toAck.size() >= ackCapacity && !acksClosed) {
                // timed only so that no wait is unbounded: the ack thread and closeAcks signal
                ackRoom.awaitNanos(pollInterval.toNanos());
            }
            if (acksClosed) {
                return false;
            }
            toAck.add(work);
            ackQueued.signal();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            ackLock.unlock();
        }
    }

    /** Tells the ack thread to ack what is queued and stop; later work is acked by the handler thread itself. */
    private void closeAcks() {
        ackLock.lock();
        try {
            acksClosed = true;
            ackQueued.signal();
            ackRoom.signalAll();
        } finally {
            ackLock.unlock();
        }
    }

    /**
     * The ack thread: takes everything queued since its last statement (up to {@value Channel#MAX_BATCH} messages)
     * and acks it in one statement. While one ack runs, the next batch gathers, so the number of ack
     * statements adapts to the load: one per message when idle, one per many under load.
     */
    private void ackLoop() {
        List<Work> batch = new ArrayList<>();
        boolean interrupted = false;
        while (true) {
            ackLock.lock();
            try {
                while (toAck.isEmpty() && !acksClosed && !interrupted) {
                    try {
                        // timed only so that no wait is unbounded: queueAck and closeAcks signal
                        ackQueued.awaitNanos(pollInterval.toNanos());
                    } catch (InterruptedException e) {
                        // only the JVM interrupts this thread: ack what is queued (pgjdbc refuses to connect on an
                        // interrupted thread, so the flag is restored afterwards), then stop
                        interrupted = true;
                        acksClosed = true;
                    }
                }
                if (toAck.isEmpty()) {
                    break;
                }
                int messages = 0;
                while (!toAck.isEmpty() && (batch.isEmpty()
                        || messages + toAck.get(0).deliveries.size() <= Channel.MAX_BATCH)) {
                    Work work = toAck.remove(0);
                    messages += work.deliveries.size();
                    batch.add(work);
                }
                ackRoom.signalAll();
            } finally {
                ackLock.unlock();
            }
            List<Delivery<T>> deliveries = new ArrayList<>();
            for (Work work : batch) {
                deliveries.addAll(work.deliveries);
            }
            try {
                ack(deliveries);
            } catch (RuntimeException e) {
                // keep the thread alive: every later ack depends on it
                LOG.warn("channel \"{}\": ack of messages {} failed ({}); they come back when their leases expire",
                        channel.name(), ids(deliveries), e.toString());
            } finally {
                batch.clear();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Acks handled deliveries in one statement, retried on a new connection when the connection failed. */
    private void ack(List<Delivery<T>> deliveries) {
        complete("ack", deliveries, () -> {
            List<Long> acked = autocommit("ack", session -> channel.ackHeld(session, deliveries));
            counters.acked.add(acked.size());
            if (acked.size() < deliveries.size()) {
                Set<Long> done = Set.copyOf(acked);
                List<Long> lost = deliveries.stream().map(Delivery::msgId).filter(id -> !done.contains(id)).toList();
                counters.leaseLost.add(lost.size());
                LOG.warn("channel \"{}\": ack of messages {} failed: their leases were lost (expired and claimed "
                        + "again, or already acked), so they are handled again; raise the lease, or make handlers "
                        + "return sooner", channel.name(), lost);
            }
        });
    }

    private void extend(Work work) {
        for (Delivery<T> d : work.deliveries) {
            try {
                dsl.transaction(tx -> channel.extendLease(tx.dsl(), d, lease));
            } catch (LeaseLostException e) {
                LOG.warn("{}; the handler still runs, its ack will fail", e.getMessage());
            } catch (PgmqException | DataAccessException e) {
                LOG.debug("channel \"{}\": extending the lease of message {} failed; retrying in {}", channel.name(),
                        d.msgId(), lease.dividedBy(2), e);
            }
        }
    }

    private void release(List<Delivery<T>> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        try {
            List<Long> released = dsl.transactionResult(tx -> channel.release(tx.dsl(), deliveries));
            counters.released.add(released.size());
            LOG.debug("channel \"{}\": released unstarted messages {}", channel.name(), released);
        } catch (PgmqException | DataAccessException e) {
            LOG.warn("channel \"{}\": releasing unstarted messages {} failed ({}); they come back when their leases "
                    + "expire", channel.name(), ids(deliveries), e.getMessage());
        }
    }

    private void releaseUnstarted() {
        List<Delivery<T>> toRelease = new ArrayList<>();
        for (Work work : List.copyOf(unstarted)) {
            if (unstarted.remove(work)) {
                toRelease.addAll(work.deliveries);
            }
        }
        release(toRelease);
    }

    // ---------------------------------------------------------------- listening

    private void listenLoop() {
        boolean lost = false;
        long backoff = 0;
        while (!stopping) {
            Connection connection = null;
            boolean registered = false;
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
                ListenQueries.listen(connection, channel.name());
                boolean whenIdle = ListenQueries.WHEN_IDLE.equals(
                        ListenQueries.notifyMode(connection, channel.schema(), channel.name()));
                PGConnection pg = connection.unwrap(PGConnection.class);
                if (lost) {
                    LOG.info("channel \"{}\": LISTEN connection restored", channel.name());
                    lost = false;
                } else {
                    LOG.debug("channel \"{}\": listening", channel.name());
                }
                backoff = 0;
                signal(() -> wakeRequested = true);  // anything sent while nobody listened
                long nextCheck = System.nanoTime() + pollInterval.toNanos();
                while (!stopping) {
                    if (whenIdle && idle != registered) {
                        if (idle) {
                            ListenQueries.registerIdle(connection, channel.schema(), channel.name());
                            registered = true;
                            // a message sent between the empty claim and the registration did not notify: look again
                            signal(() -> wakeRequested = true);
                        } else {
                            ListenQueries.unregisterIdle(connection, channel.schema(), channel.name());
                            registered = false;
                        }
                        LOG.debug("channel \"{}\": {} idle", channel.name(), registered ? "registered" : "unregistered");
                    }
                    PGNotification[] notifications = pg.getNotifications(LISTEN_WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        signal(() -> wakeRequested = true);
                    }
                    if (System.nanoTime() - nextCheck > 0) {
                        // a silent network loss never errors a read that times out: ask the server
                        if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                            throw new SQLException("the LISTEN connection is no longer valid", "08006");
                        }
                        nextCheck = System.nanoTime() + pollInterval.toNanos();
                    }
                }
            } catch (SQLException | DataAccessException e) {
                if (stopping) {
                    break;
                }
                if (!lost) {
                    LOG.warn("channel \"{}\": LISTEN connection lost ({}); reconnecting with backoff, polling every {}"
                            + " meanwhile", channel.name(), e.getMessage(), pollInterval);
                    lost = true;
                } else {
                    LOG.debug("channel \"{}\": reconnecting LISTEN failed", channel.name(), e);
                }
                backoff = nextBackoff(backoff);
                if (awaitStop(backoff)) {
                    break;
                }
            } finally {
                if (registered && stopping) {  // after a failure the session is most likely gone, with its row
                    unregisterQuietly(connection);
                }
                closeQuietly(connection);
            }
        }
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

    // ---------------------------------------------------------------- purging

    /** One purge run: if this instance gets the channel's advisory lock, deletes batches until none is full. */
    private void purgeOnce() {
        PurgeLock purgeLock = new PurgeLock(channel);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);  // each batch is its own transaction; the session lock spans them
            DSLContext session = Pgmq.using(connection, STATEMENT_TIMEOUT_SECONDS);
            if (!purgeLock.tryLock(session)) {
                LOG.debug("channel \"{}\": another instance is purging", channel.name());
                return;
            }
            try {
                long total = 0;
                long deleted;
                do {
                    deleted = channel.purge(session, PURGE_BATCH);
                    total += deleted;
                } while (deleted == PURGE_BATCH && !stopping);
                counters.purged.add(total);
                LOG.debug("channel \"{}\": purged {} finished messages", channel.name(), total);
            } finally {
                purgeLock.unlock(session);
            }
        } catch (SQLException | PgmqException | DataAccessException e) {
            LOG.warn("channel \"{}\": purge failed ({}); retrying in {}", channel.name(), e.getMessage(),
                    purgeInterval);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Runs one statement on a borrowed connection in autocommit: the statement is its own transaction, committed in
     * the same round trip (a jOOQ transaction would add a COMMIT round trip to every claim and ack).
     */
    private <R> R autocommit(String operation, Function<DSLContext, R> statement) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return statement.apply(Pgmq.using(connection, STATEMENT_TIMEOUT_SECONDS));
        } catch (SQLException e) {
            // keeps the SQLSTATE (DataAccessException#sqlState reads the cause), so connection failures are retried
            throw new DataAccessException("channel \"" + channel.name() + "\": " + operation + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static boolean isConnectionFailure(RuntimeException e) {
        String state = e instanceof PgmqException p ? p.sqlState().orElse(null)
                : ((DataAccessException) e).sqlState();
        // 08: connection exceptions; 57P: the server shut down or killed the backend; null: no answer at all
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private static long nextBackoff(long previous) {
        return previous == 0 ? MIN_BACKOFF_MILLIS : Math.min(previous * 2, MAX_BACKOFF_MILLIS);
    }

    private static long remainingMillis(long deadlineNanos) {
        // at least 1: join(0) and awaitTermination semantics differ, and 0 must never mean "forever"
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static String errorText(Exception e) {
        String text = e.toString();
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "...";
    }

    private static List<Long> ids(List<? extends Delivery<?>> deliveries) {
        return deliveries.stream().map(Delivery::msgId).toList();
    }

    private interface Names {
        String next();
    }

    private static ThreadFactory daemon(Names names) {
        return runnable -> {
            Thread thread = new Thread(runnable, names.next());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Configures and starts a {@link Consumer}. Exactly one of {@link #handler}, {@link #batchHandler} and
     * {@link #transactionalHandler} is required;
     * every setting has a default. Not thread-safe; {@link #start()} validates and may be called more than once, each
     * call starting a new consumer.
     *
     * @param <T> the payload type
     */
    public static final class Builder<T> {

        private final Channel<T> channel;
        private final DataSource dataSource;
        private MessageHandler<T> handler;
        private MessageHandler.Batch<T> batchHandler;
        private MessageHandler.InTransaction<T> transactionalHandler;
        private int concurrency = 4;
        private int batchSize = 10;
        private Duration lease = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofSeconds(5);
        private Duration shutdownDeadline = Duration.ofSeconds(30);
        private Duration purgeInterval = Duration.ofMinutes(5);
        private boolean pollOnly;

        private Builder(Channel<T> channel, DataSource dataSource) {
            this.channel = channel;
            this.dataSource = dataSource;
        }

        /** Handles messages one at a time: up to {@link #concurrency} at once. */
        public Builder<T> handler(MessageHandler<T> handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Handles messages in batches of up to {@link #batchSize}: up to {@link #concurrency} batches at once. */
        public Builder<T> batchHandler(MessageHandler.Batch<T> batchHandler) {
            this.batchHandler = Objects.requireNonNull(batchHandler, "batchHandler");
            return this;
        }

        /**
         * Handles messages with locked claims ({@link Channel#claimLocked}) inside the consumer's transactions, one
         * transaction per claim of up to {@link #batchSize} messages: what the handler writes commits together with
         * the completion of its message (see {@link MessageHandler.InTransaction}). Up to {@link #concurrency}
         * transactions at once; the lease setting does not apply. For short work in the same database.
         */
        public Builder<T> transactionalHandler(MessageHandler.InTransaction<T> transactionalHandler) {
            this.transactionalHandler = Objects.requireNonNull(transactionalHandler, "transactionalHandler");
            return this;
        }

        /**
         * How many handlers run at once, 1..1000; default 4. Also the most messages (or batches) held unstarted, and
         * the most handled ones waiting for the ack thread.
         */
        public Builder<T> concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** The most messages one claim takes, 1..{@value Channel#MAX_BATCH}; default 10. */
        public Builder<T> batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** How long a claim hides a message, at least 1 second; default 30 s. Extended while a handler runs. */
        public Builder<T> lease(Duration lease) {
            this.lease = Objects.requireNonNull(lease, "lease");
            return this;
        }

        /** How often to claim without a notification, at least 10 ms; default 5 s. */
        public Builder<T> pollInterval(Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
            return this;
        }

        /** How long {@link Consumer#close()} waits for running handlers, not negative; default 30 s. */
        public Builder<T> shutdownDeadline(Duration shutdownDeadline) {
            this.shutdownDeadline = Objects.requireNonNull(shutdownDeadline, "shutdownDeadline");
            return this;
        }

        /**
         * How often to delete the channel's finished messages past their retention; default 5 min;
         * {@link Duration#ZERO} turns purging off (another process purges, or nothing should be deleted).
         */
        public Builder<T> purgeInterval(Duration purgeInterval) {
            this.purgeInterval = Objects.requireNonNull(purgeInterval, "purgeInterval");
            return this;
        }

        /**
         * Polls only, with no LISTEN connection: for PgBouncer in transaction mode, where LISTEN does not work, or
         * channels filled without NOTIFY. Messages then wait up to the poll interval. Default false.
         */
        public Builder<T> pollOnly(boolean pollOnly) {
            this.pollOnly = pollOnly;
            return this;
        }

        /**
         * Validates the settings and starts a consumer: returns once its threads are started, without waiting for a
         * connection (a database that is down is retried in the background).
         *
         * @throws IllegalStateException if not exactly one handler is set
         * @throws IllegalArgumentException if a setting is out of range, naming it and its value
         */
        public Consumer<T> start() {
            int handlers = (handler == null ? 0 : 1) + (batchHandler == null ? 0 : 1)
                    + (transactionalHandler == null ? 0 : 1);
            if (handlers != 1) {
                throw new IllegalStateException("channel \"" + channel.name() + "\": set exactly one of handler, "
                        + "batchHandler and transactionalHandler, " + (handlers == 0 ? "got none" : "got " + handlers));
            }
            if (concurrency < 1 || concurrency > 1000) {
                throw new IllegalArgumentException("concurrency must be 1..1000, was " + concurrency);
            }
            if (batchSize < 1 || batchSize > Channel.MAX_BATCH) {
                throw new IllegalArgumentException("batchSize must be 1.." + Channel.MAX_BATCH + ", was " + batchSize);
            }
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("lease must be at least 1 second, was " + lease);
            }
            if (pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("pollInterval must be at least 10 ms, was " + pollInterval);
            }
            if (shutdownDeadline.isNegative()) {
                throw new IllegalArgumentException("shutdownDeadline must not be negative, was " + shutdownDeadline);
            }
            if (purgeInterval.isNegative()) {
                throw new IllegalArgumentException("purgeInterval must not be negative, was " + purgeInterval);
            }
            Consumer<T> consumer = new Consumer<>(this);
            consumer.start();
            return consumer;
        }
    }
}
