package io.pgmq;

import io.pgmq.internal.ConsumerCounters;
import io.pgmq.internal.ConsumerCounters.Outcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.sql.DataSource;
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
 *       Claims and acks are single statements in autocommit (a borrowed connection is switched to autocommit if the
 *       pool hands it out without), so each costs one round trip.</li>
 *   <li>It claims when a notification comes (one dedicated autocommit connection {@code LISTEN}s on the channel,
 *       unless {@linkplain Builder#pollOnly pollOnly}), when the earliest message that is not ready yet becomes
 *       ready (a delayed send, a retry after its backoff, a lease another consumer let expire: as it goes idle the
 *       consumer reads when that is), and at least every {@linkplain Builder#pollInterval poll interval}, so a lost
 *       notification delays a message, never loses it.</li>
 *   <li>It never claims more than it has free handler slots ({@linkplain Builder#concurrency concurrency}, plus
 *       {@linkplain Builder#claimAhead claimAhead} units claimed ahead, which wait for a handler thread); a full
 *       claim is followed by another at once, so a backlog drains at full speed, and a claim that found messages by
 *       others 1, 2 and 4 ms later (while messages arrive back to back, pgjdbc hands notifications over only after a
 *       pause in their stream).</li>
 *   <li>On a {@code when_idle} channel (the notify mode is read whenever the LISTEN connection opens) sends notify
 *       only while a consumer is registered idle: after a claim that found nothing the consumer registers its LISTEN
 *       session ({@code pg_mq_register_idle}) and claims once more, and after one that found messages it unregisters.
 *       A busy consumer thus keeps NOTIFY off the producers' commits.</li>
 *   <li>A handler that returned hands its ack to the ack thread, which acks everything handed to it since its last
 *       statement in one statement: one ack per message when traffic is light, one per many under load. At most
 *       {@code concurrency} handled messages (or batches) wait for their ack; beyond, handler threads wait and
 *       claiming pauses. While a handler runs, its lease is extended every half lease.</li>
 *   <li>On connection loss it logs one WARN, reconnects with capped backoff and re-LISTENs, and polls meanwhile. An
 *       ack or nack is retried on a new connection; if that fails too, the lease expires and the message is delivered
 *       again (never acked twice: an ack presents the lease token, which a redelivery replaces).</li>
 *   <li>With a {@linkplain Builder#transactionalHandler transactional handler} (or a {@linkplain
 *       Builder#transactionalBatchHandler transactional batch handler}) there are no leases, acks or lease
 *       extensions: each free slot runs rounds, one transaction each (owned by the {@linkplain
 *       Builder#transactionRunner transaction runner}), that claims locked ({@link Channel#claimLocked}), runs the
 *       handler on each message (or once on the batch) behind a savepoint, fails those that threw, completes the
 *       others and commits. A lost
 *       connection or a crash rolls the round back and its messages are ready again at once.</li>
 *   <li>If {@linkplain Builder#purgeInterval purging} is on, it deletes the channel's finished messages past their
 *       retention ({@code pg_mq_set_retention}) periodically, under an advisory lock so that one instance of a
 *       deployment does it.</li>
 * </ul>
 *
 * <p>Threads, all daemons: {@code pgmq-claim-<channel>}, {@code pgmq-listen-<channel>},
 * {@code pgmq-handler-<channel>-<n>} (at most concurrency, started on demand; for a transactional handler that
 * claims ahead, concurrency plus claimAhead, since a round holds its thread from its claim on), {@code pgmq-purge-<channel>}, and for
 * leases {@code pgmq-ack-<channel>} and {@code pgmq-lease-<channel>}. Statements time out after 30 seconds; connection
 * acquisition is bounded by the data source's own timeout (pgjdbc's {@code connectTimeout}, a pool's
 * {@code connectionTimeout}).
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 *
 * @param <T> the payload type
 */
public final class Consumer<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

    private final ConsumerSettings<T> settings;
    private final ConsumerCounters counters = ConsumerCounters.register(this);
    private final ClaimGate gate;
    private final HandlerPool pool;
    private final Claiming claiming;
    private final Thread claimThread;
    private final ListenLoop listen;
    private final Purger purger;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Consumer(ConsumerSettings<T> settings) {
        this.settings = settings;
        Channel<T> channel = settings.channel();
        ConsumerDatabase db = new ConsumerDatabase(channel.name(), settings.dataSource());
        int slots = settings.concurrency() + settings.claimAhead();
        this.gate = new ClaimGate(slots, settings.pollInterval(), new Lookahead(channel, db, settings.pollInterval()));
        // a locked round holds its thread from its claim on, so one claimed ahead needs a thread of its own
        int threads = settings.handling().match(leased -> settings.concurrency(), inTransaction -> slots);
        this.pool = new HandlerPool(channel.name(), threads, slots, settings.shutdownDeadline());
        ConsumerParts parts = new ConsumerParts(gate, db, pool, counters);
        this.claiming = settings.handling().match(
                leased -> new LeaseClaims<>(settings, leased, parts),
                inTransaction -> new LockedRounds<>(settings, inTransaction, parts));
        this.claimThread = DaemonThreads.named("pgmq-claim-" + channel.name()).newThread(claiming);
        this.listen = settings.pollOnly() ? null : new ListenLoop(channel, parts, settings.pollInterval());
        this.purger = settings.purgeInterval().isZero() ? null : new Purger(channel, parts, settings.purgeInterval());
    }

    /**
     * Starts building a consumer of {@code channel} that borrows its connections from {@code dataSource}.
     *
     * @param <T>        the payload type
     * @param channel    the channel to claim from
     * @param dataSource where the consumer borrows its connections (a pool, typically); the LISTEN connection is one
     *                   of them, held while the consumer runs
     * @return a builder with every setting at its default and no handler yet
     * @throws NullPointerException if an argument is null
     */
    public static <T> Builder<T> builder(Channel<T> channel, DataSource dataSource) {
        return new Builder<>(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Returns the channel this consumer claims from.
     *
     * @return the channel, never null
     */
    public Channel<T> channel() {
        return settings.channel();
    }

    /** How many handled messages (or batches) wait for the ack thread, not counting the ack it is running. */
    int acksWaiting() {
        return claiming instanceof LeaseClaims<?> lease ? lease.acksWaiting() : 0;
    }

    private void start() {
        LOG.info("channel \"{}\": consumer starting (concurrency {}, claim ahead {}, batch size {}, {}, poll interval"
                + " {}, {})", channel().name(), settings.concurrency(), settings.claimAhead(), settings.batchSize(),
                claiming.describe(),
                settings.pollInterval(), listen == null ? "poll only" : "LISTEN");
        claiming.start();
        claimThread.start();
        if (listen != null) {
            listen.start();
        }
        if (purger != null) {
            purger.start();
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
        LOG.info("channel \"{}\": consumer shutting down (deadline {})", channel().name(), settings.shutdownDeadline());
        long deadline = System.nanoTime() + settings.shutdownDeadline().toNanos();
        boolean interrupted = false;
        gate.stop();
        try {
            claimThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (listen != null) {
                listen.join(deadline);
            }
            claiming.stopClaiming();
            pool.stop(deadline, claiming.afterInterrupt());
            claiming.finish(deadline);
        } catch (InterruptedException e) {
            interrupted = true;
            pool.stopNow();
        } finally {
            claiming.abandon();
            if (purger != null) {
                purger.stop();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("channel \"{}\": consumer stopped (claimed {}, acked {}, nacked {}, dead {})", channel().name(),
                counters.count(Outcome.CLAIMED), counters.count(Outcome.ACKED), counters.count(Outcome.NACKED),
                counters.count(Outcome.DEAD));
    }

    /**
     * Configures and starts a {@link Consumer}. Exactly one of {@link #handler}, {@link #batchHandler},
     * {@link #transactionalHandler} and {@link #transactionalBatchHandler} is required; every setting has a default. Not thread-safe; {@link #start()}
     * validates and may be called more than once, each call starting a new consumer.
     *
     * @param <T> the payload type
     */
    public static final class Builder<T> {

        private final Channel<T> channel;
        private final DataSource dataSource;
        /** The handlers set, by the method that set them (start() wants exactly one), given the transaction runner. */
        private final Map<String, Function<TransactionRunner, Handling<T>>> handlings = new LinkedHashMap<>();
        private TransactionRunner transactionRunner;
        private int concurrency = 4;
        private int claimAhead;
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

        /**
         * Handles messages one at a time: up to {@link #concurrency} at once.
         *
         * @param handler the handler, not null
         * @return this builder
         * @throws NullPointerException if {@code handler} is null
         */
        public Builder<T> handler(MessageHandler<T> handler) {
            Handling<T> handling = new Handling.PerMessage<>(Objects.requireNonNull(handler, "handler"));
            handlings.put("handler", runner -> handling);
            return this;
        }

        /**
         * Handles messages in batches of up to {@link #batchSize}: up to {@link #concurrency} batches at once.
         *
         * @param batchHandler the handler, not null
         * @return this builder
         * @throws NullPointerException if {@code batchHandler} is null
         */
        public Builder<T> batchHandler(MessageHandler.Batch<T> batchHandler) {
            Handling<T> handling = new Handling.PerBatch<>(Objects.requireNonNull(batchHandler, "batchHandler"));
            handlings.put("batchHandler", runner -> handling);
            return this;
        }

        /**
         * Handles messages with locked claims ({@link Channel#claimLocked}) inside the consumer's transactions,
         * one transaction per claim of up to {@link #batchSize} messages: what the handler writes commits together
         * with the completion of its message (see {@link MessageHandler.InTransaction}). Up to
         * {@link #concurrency} transactions at once; the lease setting does not apply. For short work in the same
         * database.
         *
         * @param transactionalHandler the handler, not null
         * @return this builder
         * @throws NullPointerException if {@code transactionalHandler} is null
         */
        public Builder<T> transactionalHandler(MessageHandler.InTransaction<T> transactionalHandler) {
            Objects.requireNonNull(transactionalHandler, "transactionalHandler");
            handlings.put("transactionalHandler", runner -> new Handling.LockedPerMessage<>(transactionalHandler,
                    runner));
            return this;
        }

        /**
         * Handles messages with locked claims ({@link Channel#claimLocked}) inside the consumer's transactions, a
         * whole claim of up to {@link #batchSize} messages per handler call: what the handler writes commits together
         * with the completion of the batch (see {@link MessageHandler.InTransactionBatch}). Up to {@link #concurrency}
         * transactions at once; the lease setting does not apply. For work done for many messages at once, such as
         * one multi-row write or handing the batch on to another system.
         *
         * @param transactionalBatchHandler the handler, not null
         * @return this builder
         * @throws NullPointerException if {@code transactionalBatchHandler} is null
         */
        public Builder<T> transactionalBatchHandler(MessageHandler.InTransactionBatch<T> transactionalBatchHandler) {
            Objects.requireNonNull(transactionalBatchHandler, "transactionalBatchHandler");
            handlings.put("transactionalBatchHandler", runner -> new Handling.LockedPerBatch<>(
                    transactionalBatchHandler, runner));
            return this;
        }

        /**
         * Who owns the transaction of each round of a {@link #transactionalHandler} or
         * {@link #transactionalBatchHandler}: a framework's runner, so that
         * the locked claim, the handler's writes through the framework's own data access and the completion commit
         * in a transaction it manages (see {@link TransactionRunner}). Default: a connection borrowed from the
         * data source for each round, with autocommit off.
         *
         * @param transactionRunner the runner, not null; thread-safe
         * @return this builder
         * @throws NullPointerException if {@code transactionRunner} is null
         */
        public Builder<T> transactionRunner(TransactionRunner transactionRunner) {
            this.transactionRunner = Objects.requireNonNull(transactionRunner, "transactionRunner");
            return this;
        }

        /**
         * How many handlers run at once, 1..1000; default 4. Also the most handled messages (or batches) waiting
         * for the ack thread. Claimed and not yet started are at most concurrency plus {@link #claimAhead} units.
         *
         * @param concurrency handler threads, 1..1000 (checked by {@link #start()})
         * @return this builder
         */
        public Builder<T> concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /**
         * How many units (messages, or batches with a {@link #batchHandler}) to claim beyond the free handler
         * threads, 0..1000; default 0. A unit claimed ahead waits, leased, for the next free handler thread, so the
         * claim of the next unit runs while the handlers work instead of after: worth it when a claim's round trip
         * is a good part of a unit's handling time (a batch handler that hands its batch on to another system, such
         * as the RabbitMQ gateway). Its lease is extended from the claim on, as a running handler's is; close()
         * releases it unstarted. With concurrency 1, units are still handled one at a time in the order they were
         * claimed.
         *
         * <p>With a {@link #transactionalHandler} or {@link #transactionalBatchHandler}, it is the number of rounds
         * that claim locked beyond the running handlers, each in its own transaction on its own thread and
         * connection: claims run one at a time, and the rounds' handlers start in the order they claimed, at most
         * concurrency at once, so the next batch is claimed while a handler runs and its handler starts as soon as
         * that one returns, while that round completes and commits. close() rolls back a round claimed ahead and not
         * started: its messages are ready again at once.
         *
         * @param claimAhead units claimed ahead, 0..1000 (checked by {@link #start()})
         * @return this builder
         */
        public Builder<T> claimAhead(int claimAhead) {
            this.claimAhead = claimAhead;
            return this;
        }

        /**
         * The most messages one claim takes, 1..{@value Channel#MAX_BATCH}; default 10.
         *
         * @param batchSize the most messages per claim, 1..{@value Channel#MAX_BATCH} (checked by {@link #start()})
         * @return this builder
         */
        public Builder<T> batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How long a claim hides a message, at least 1 second; default 30 s. Extended while a handler runs.
         *
         * @param lease at least 1 second (checked by {@link #start()})
         * @return this builder
         * @throws NullPointerException if {@code lease} is null
         */
        public Builder<T> lease(Duration lease) {
            this.lease = Objects.requireNonNull(lease, "lease");
            return this;
        }

        /**
         * How often to claim without a notification, at least 10 ms; default 5 s.
         *
         * @param pollInterval at least 10 ms (checked by {@link #start()})
         * @return this builder
         * @throws NullPointerException if {@code pollInterval} is null
         */
        public Builder<T> pollInterval(Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
            return this;
        }

        /**
         * How long {@link Consumer#close()} waits for running handlers, not negative; default 30 s.
         *
         * @param shutdownDeadline not negative (checked by {@link #start()})
         * @return this builder
         * @throws NullPointerException if {@code shutdownDeadline} is null
         */
        public Builder<T> shutdownDeadline(Duration shutdownDeadline) {
            this.shutdownDeadline = Objects.requireNonNull(shutdownDeadline, "shutdownDeadline");
            return this;
        }

        /**
         * How often to delete the channel's finished messages past their retention; default 5 min;
         * {@link Duration#ZERO} turns purging off (another process purges, or nothing should be deleted).
         *
         * @param purgeInterval not negative; zero turns purging off
         * @return this builder
         * @throws NullPointerException if {@code purgeInterval} is null
         */
        public Builder<T> purgeInterval(Duration purgeInterval) {
            this.purgeInterval = Objects.requireNonNull(purgeInterval, "purgeInterval");
            return this;
        }

        /**
         * Polls only, with no LISTEN connection: for PgBouncer in transaction mode, where LISTEN does not work, or
         * channels filled without NOTIFY. Messages then wait up to the poll interval. Default false.
         *
         * @param pollOnly true for no LISTEN connection
         * @return this builder
         */
        public Builder<T> pollOnly(boolean pollOnly) {
            this.pollOnly = pollOnly;
            return this;
        }

        /**
         * Validates the settings and starts a consumer: returns once its threads are started, without waiting for a
         * connection (a database that is down is retried in the background).
         *
         * @return the running consumer; {@link Consumer#close() close} it to stop
         * @throws IllegalStateException if not exactly one handler is set, or a transaction runner without a
         *                               transactional handler
         * @throws IllegalArgumentException if a setting is out of range, naming it and its value
         */
        public Consumer<T> start() {
            if (handlings.size() != 1) {
                throw new IllegalStateException("channel \"" + channel.name() + "\": set exactly one of handler, "
                        + "batchHandler, transactionalHandler and transactionalBatchHandler, "
                        + (handlings.isEmpty() ? "got none" : "got " + handlings.size()));
            }
            Handling<T> handling = handlings.values().iterator().next().apply(
                    transactionRunner != null ? transactionRunner : new DataSourceTransactions(dataSource));
            if (transactionRunner != null && !(handling instanceof Handling.InTransaction)) {
                throw new IllegalStateException("channel \"" + channel.name() + "\": a transactionRunner runs the"
                        + " rounds of a transactionalHandler or transactionalBatchHandler; set one, or drop the"
                        + " transactionRunner");
            }
            Consumer<T> consumer = new Consumer<>(new ConsumerSettings<>(channel, dataSource, handling, concurrency,
                    claimAhead, batchSize, lease, pollInterval, shutdownDeadline, purgeInterval, pollOnly));
            consumer.start();
            return consumer;
        }
    }
}
