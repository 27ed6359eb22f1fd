package io.pgmq.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import io.pgmq.Channel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound gateway: moves a RabbitMQ queue's messages into a pgmq channel, at least once.
 *
 * <p>It consumes the queue with manual acks and a prefetch, stores what arrived together in one PostgreSQL transaction
 * (up to {@link Builder#batchSize(int)}), and acks those messages to the broker only after that transaction
 * committed. A message the channel cannot store (text that is not UTF-8, XML that does not parse, a payload refused
 * by the channel's checks) is rejected, never acked and lost: by default with {@code basic.reject} without requeue,
 * so the queue's own dead-letter exchange gets it (declare the queue with {@code x-dead-letter-exchange}), or, with
 * {@link Builder#deadLetterExchange(String)}, published there with the reason in header {@code x-pgmq-refused-reason}
 * and then acked. A failing database leaves the batch unacked and is tried again with backoff; a lost broker
 * connection is opened again and the queue consumed again, and the broker delivers what was not acked again: a
 * message stored just before the connection was lost is then stored twice (at least once), unless
 * {@link Builder#deduplicateByMessageId()} makes the message-id its deduplication key.
 *
 * <p>Runs on one thread of its own; thread-safe. {@link #close()} stops it: what was not stored stays in the queue.
 *
 * @param <T> the channel's payload type
 */
public final class Inbound<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final String queue;
    private final Channel<T> channel;
    private final AmqpLink link;
    private final InboundLoop<T> loop;
    private final Thread thread;
    private final Duration shutdownDeadline;

    private Inbound(Builder<T> b) {
        this.queue = b.queue;
        this.channel = b.channel;
        this.shutdownDeadline = b.shutdownDeadline;
        this.link = new AmqpLink(b.amqp, "pgmq-inbound-" + b.queue);
        this.loop = new InboundLoop<>(link, queue, channel.name(), b.prefetch, b.batchSize, b.deadLetterExchange,
                new Storing<>(channel, b.dataSource, b.dedupByMessageId));
        this.thread = new Thread(loop, "pgmq-inbound-" + queue);
        thread.setDaemon(true);
    }

    /**
     * Starts configuring a gateway from {@code queue} into {@code channel}.
     *
     * @param amqp how to reach the broker; copied, and the gateway reconnects itself (automatic recovery is turned
     *             off in the copy)
     */
    public static <T> Builder<T> builder(ConnectionFactory amqp, String queue, Channel<T> channel,
                                         DataSource dataSource) {
        return new Builder<>(Objects.requireNonNull(amqp, "amqp"), Objects.requireNonNull(queue, "queue"),
                Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** The channel this gateway fills. */
    public Channel<T> channel() {
        return channel;
    }

    /** What the gateway did so far. */
    public InboundStats stats() {
        return new InboundStats(loop.received.sum(), loop.stored.sum(), loop.refused.sum(), loop.duplicates.sum());
    }

    /** Stops consuming: waits up to the shutdown deadline for the batch being stored, then closes the connection. */
    @Override
    public void close() {
        loop.stop();
        try {
            thread.join(Math.max(1, shutdownDeadline.toMillis()));
            if (thread.isAlive()) {
                LOG.warn("queue \"{}\": the inbound gateway did not stop within {}; interrupting it", queue,
                        shutdownDeadline);
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            link.close();
        }
    }

    /**
     * Settings of an {@link Inbound} gateway. Not thread-safe.
     *
     * @param <T> the channel's payload type
     */
    public static final class Builder<T> {

        private final ConnectionFactory amqp;
        private final String queue;
        private final Channel<T> channel;
        private final DataSource dataSource;
        private int prefetch = 250;
        private int batchSize = 100;
        private String deadLetterExchange;
        private Duration shutdownDeadline = Duration.ofSeconds(30);
        private boolean dedupByMessageId;

        private Builder(ConnectionFactory amqp, String queue, Channel<T> channel, DataSource dataSource) {
            this.amqp = amqp;
            this.queue = queue;
            this.channel = channel;
            this.dataSource = dataSource;
        }

        /** Unacked messages the broker may hand out at once: 1..65535, default 250; at least the batch size. */
        public Builder<T> prefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** Messages stored in one transaction at most: 1..1000, default 100. */
        public Builder<T> batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Publishes refused messages to this exchange (with the queue's routing key and header
         * {@code x-pgmq-refused-reason}) and acks them once the broker confirmed, instead of rejecting them to the
         * queue's own dead-letter exchange.
         */
        public Builder<T> deadLetterExchange(String deadLetterExchange) {
            this.deadLetterExchange = Objects.requireNonNull(deadLetterExchange, "deadLetterExchange");
            return this;
        }

        /**
         * Sends each message that has an AMQP {@code message-id} with that id as its deduplication key, so that a
         * message the broker delivers again (its ack was lost with the connection after the commit) is not stored
         * twice while the first is not done, or within the channel's dedup window ({@code pg_mq_set_dedup_window}).
         * Such messages are stored one statement each; those without a message-id in one batch, as before. Off by
         * default: turn it on when the producers' message-ids are unique per message.
         */
        public Builder<T> deduplicateByMessageId() {
            this.dedupByMessageId = true;
            return this;
        }

        /** How long {@link Inbound#close()} waits for the batch being stored: default 30 s. */
        public Builder<T> shutdownDeadline(Duration shutdownDeadline) {
            this.shutdownDeadline = Objects.requireNonNull(shutdownDeadline, "shutdownDeadline");
            return this;
        }

        /**
         * Starts the gateway on a thread of its own; it connects, and consumes, at once.
         *
         * @throws IllegalArgumentException naming a setting out of range
         */
        public Inbound<T> start() {
            Ranges.check("batchSize", batchSize, 1, Channel.MAX_BATCH);
            Ranges.check("prefetch", prefetch, batchSize, 65_535);
            Ranges.atLeast("shutdownDeadline", shutdownDeadline, Duration.ZERO);
            Inbound<T> inbound = new Inbound<>(this);
            inbound.thread.start();
            LOG.info("queue \"{}\" to channel \"{}\": inbound gateway started (prefetch {}, batch size {})", queue,
                    channel.name(), prefetch, batchSize);
            return inbound;
        }
    }
}
