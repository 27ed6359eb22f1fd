package io.pgmq.example;

import io.pgmq.Channel;
import io.pgmq.Consumer;
import io.pgmq.Delivery;
import io.pgmq.MessageHandler;
import io.pgmq.NackOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * A consumer loop over the {@link Channel} API, run on the caller's thread: claim a batch, hand each message to a
 * {@link Handler}, ack it when the handler returns, nack it when the handler throws (the channel's backoff, then a
 * dead letter when its attempts are used up).
 *
 * <p>This is what pgmq's runtime {@link Consumer} does on its own threads, woken by {@code LISTEN} (see
 * {@link #consume}, which the demo uses for invoices and thumbnails). The email step uses this loop instead, on the
 * caller's thread, so that its output stays in order and can say what each nack did. Not thread-safe: one worker
 * per thread.
 *
 * @param <T> the payload type
 */
final class Worker<T> {

    /** How many messages one claim takes. */
    static final int BATCH = 10;
    /** How long a claimed message is hidden from other consumers; the demo's handlers take milliseconds. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** The longest the loop sleeps before looking for messages whose retry time has come. */
    private static final Duration MAX_NAP = Duration.ofMillis(200);
    private static final Duration MIN_NAP = Duration.ofMillis(10);

    /**
     * Handles one claimed message: return to ack it, throw to nack it with the exception's message as its error.
     *
     * @param <T> the payload type
     */
    @FunctionalInterface
    interface Handler<T> {
        /**
         * Handles one delivery; may run more than once for the same message (at-least-once).
         *
         * @param delivery the claimed message
         * @throws Exception to nack the message
         */
        void handle(Delivery<T> delivery) throws Exception;
    }

    private final DSLContext dsl;
    private final Channel<T> channel;
    private final Handler<T> handler;
    private final PrintWriter out;

    /**
     * Creates a worker; {@code dsl} must be in autocommit mode so that each claim, ack and nack commits at once.
     */
    Worker(DSLContext dsl, Channel<T> channel, Handler<T> handler, PrintWriter out) {
        this.dsl = dsl;
        this.channel = channel;
        this.handler = handler;
        this.out = out;
    }

    /**
     * Handles messages until the channel holds none that are ready, waiting for a retry, or leased; returns how
     * many were acked.
     *
     * @param timeout how long to keep going
     * @throws IllegalStateException if messages are still pending after {@code timeout}
     * @throws InterruptedException if interrupted while waiting for a retry
     */
    int drain(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int acked = 0;
        while (true) {
            List<Delivery<T>> batch = channel.claim(dsl, BATCH, LEASE);
            if (batch.isEmpty()) {
                Optional<Duration> nextReady = ChannelStats.untilNextReady(dsl, channel);
                if (nextReady.isEmpty()) {
                    return acked;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("channel \"" + channel.name() + "\": messages still pending after "
                            + timeout.toSeconds() + "s; see the stats command");
                }
                Thread.sleep(clamp(nextReady.get()).toMillis());
                continue;
            }
            for (Delivery<T> delivery : batch) {
                acked += handle(delivery) ? 1 : 0;
            }
        }
    }

    /** Handles one delivery, acking or nacking it; true if acked. */
    boolean handle(Delivery<T> delivery) {
        try {
            handler.handle(delivery);
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            NackOutcome outcome = channel.nack(dsl, delivery, error);
            if (outcome instanceof NackOutcome.Retry retry) {
                long millis = Math.max(0, Duration.between(Instant.now(), retry.visibleAt()).toMillis());
                out.println("        nacked: pgmq will offer it again in " + millis + " ms");
            } else {
                out.println("        nacked: that was the last attempt, so it is now a dead letter");
            }
            out.flush();
            return false;
        }
        channel.ack(dsl, delivery);
        return true;
    }

    /**
     * Runs pgmq's own {@link Consumer} on {@code channel} (its threads, woken by {@code LISTEN}) until the channel
     * holds no message that is ready, waiting for a retry or leased, then closes it; returns how many messages the
     * handler finished. {@code body} runs once the consumer is listening, e.g. to send the messages it should see.
     *
     * @throws IllegalStateException if messages are still pending after {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    static <T> int consume(DataSource dataSource, DSLContext dsl, Channel<T> channel, MessageHandler<T> handler,
                           Runnable body, Duration timeout) throws InterruptedException {
        AtomicInteger handled = new AtomicInteger();
        try (Consumer<T> consumer = Consumer.builder(channel, dataSource)
                .handler(delivery -> {
                    handler.handle(delivery);
                    handled.incrementAndGet();
                })
                .concurrency(1)
                .batchSize(BATCH)
                .lease(LEASE)
                .pollInterval(Duration.ofMillis(100))
                .purgeInterval(Duration.ZERO)
                .start()) {
            body.run();
            Instant deadline = Instant.now().plus(timeout);
            while (ChannelStats.untilNextReady(dsl, channel).isPresent()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("channel \"" + channel.name() + "\": messages still pending after "
                            + timeout.toSeconds() + "s; see the stats command");
                }
                Thread.sleep(MIN_NAP.toMillis());
            }
        }
        return handled.get();
    }

    private static Duration clamp(Duration wait) {
        if (wait.compareTo(MIN_NAP) < 0) {
            return MIN_NAP;
        }
        return wait.compareTo(MAX_NAP) > 0 ? MAX_NAP : wait;
    }
}
