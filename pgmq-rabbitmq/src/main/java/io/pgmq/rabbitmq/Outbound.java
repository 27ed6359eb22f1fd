package io.pgmq.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import io.pgmq.Channel;
import io.pgmq.Consumer;
import io.pgmq.Delivery;
import io.pgmq.PartialBatchFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The outbound gateway: moves a pgmq channel's messages to a RabbitMQ exchange, at least once.
 *
 * <p>It runs a pgmq {@link Consumer} with a batch handler (same claims, leases, retries, shutdown and metrics as any
 * consumer), which claims one batch ahead ({@link Consumer.Builder#claimAhead claimAhead(1)}): the next batch is
 * claimed while the broker confirms the current one. Each claimed batch is published with mandatory routing on a confirm-mode AMQP channel of its own; the
 * gateway waits for the broker's confirms and then acks the batch in PostgreSQL. A message the broker nacks or returns
 * unroutable is nacked in pgmq with the broker's reason as its last error: retried under the channel's backoff, then
 * a dead letter. If the broker connection closes while messages are unconfirmed, the gateway connects again (waiting
 * up to {@link Builder#reconnectWait(Duration)}, its leases kept meanwhile) and publishes them again.
 *
 * <p>Every publish of one message carries the same AMQP {@code message-id}, {@code <channel>:<msg_id>}: a failure
 * between the broker's confirm and the ack in PostgreSQL (a crash, a lost database connection, an expired lease)
 * publishes it again, and consumers deduplicate on that id. Properties: content type by payload type
 * ({@code text/plain; charset=utf-8}, {@code application/xml}, {@code application/octet-stream},
 * {@code application/json}), persistent delivery mode, {@code timestamp} = the message's {@code sent_at},
 * {@code app-id} {@code pgmq}, headers: the message's own pgmq headers (as string values), if it has any, and with
 * {@link Builder#pgmqHeaders(boolean)} also {@code pgmq-channel}, {@code pgmq-msg-id} and {@code pgmq-attempt}. With
 * one batch in flight (the default), messages reach the broker in the order they were claimed, except those retried
 * after a failure.
 *
 * <p>Thread-safe; {@link #close()} stops claiming, waits for in-flight batches up to the consumer's shutdown deadline,
 * then closes the broker connection.
 *
 * @param <T> the channel's payload type
 */
public final class Outbound<T> implements AutoCloseable {

    private final Channel<T> channel;
    private final String exchange;
    private final Function<Delivery<T>, String> routingKey;
    private final long confirmTimeoutNanos;
    private final long reconnectWaitNanos;
    private final Runnable afterConfirms;
    private final boolean pgmqHeaders;
    private final AmqpLink link;
    private final OutboundCounters counters = new OutboundCounters();
    private final BlockingQueue<Publisher> publishers;
    private final Consumer<T> consumer;

    private Outbound(Builder<T> b) {
        this.channel = b.channel;
        this.exchange = b.exchange;
        this.routingKey = b.routingKey;
        this.confirmTimeoutNanos = b.confirmTimeout.toNanos();
        this.reconnectWaitNanos = b.reconnectWait.toNanos();
        this.afterConfirms = b.afterConfirms;
        this.pgmqHeaders = b.pgmqHeaders;
        this.link = new AmqpLink(b.amqp, "pgmq-outbound-" + channel.name());
        this.publishers = new ArrayBlockingQueue<>(b.inFlightBatches);
        for (int i = 0; i < b.inFlightBatches; i++) {
            publishers.add(new Publisher(link, exchange, counters));
        }
        Consumer.Builder<T> consumerBuilder = b.consumerSettings.apply(Consumer.builder(channel, b.dataSource)
                .batchSize(b.batchSize).concurrency(b.inFlightBatches).claimAhead(1).lease(b.lease));
        this.consumer = consumerBuilder.batchHandler(this::publish).start();
    }

    /**
     * Starts configuring a gateway from {@code channel} to an exchange.
     *
     * @param channel    the pgmq channel whose messages go out
     * @param dataSource where the channel lives
     * @param amqp       how to reach the broker; copied, and the gateway reconnects itself (its automatic recovery
     *                   is turned off in the copy)
     */
    public static <T> Builder<T> builder(Channel<T> channel, DataSource dataSource, ConnectionFactory amqp) {
        return new Builder<>(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(dataSource,
                "dataSource"), Objects.requireNonNull(amqp, "amqp"));
    }

    /** The channel this gateway drains. */
    public Channel<T> channel() {
        return channel;
    }

    /** What the gateway did so far. */
    public OutboundStats stats() {
        return counters.snapshot();
    }

    private void publish(List<Delivery<T>> batch) throws Exception {
        List<Publisher.Outgoing> outgoing = new ArrayList<>(batch.size());
        for (Delivery<T> d : batch) {
            outgoing.add(new Publisher.Outgoing(d.msgId(), routingKey.apply(d), properties(d),
                    Payloads.body(channel, d.payload()), d.attempt() > 1));
        }
        Publisher publisher = publishers.poll(confirmTimeoutNanos, TimeUnit.NANOSECONDS);
        if (publisher == null) {  // cannot happen while the consumer runs at most inFlightBatches handlers
            throw new IllegalStateException("channel \"" + channel.name() + "\": no publisher free");
        }
        Map<Long, String> refused;
        try {
            refused = publisher.publish(outgoing, confirmTimeoutNanos, System.nanoTime() + reconnectWaitNanos);
        } finally {
            publishers.add(publisher);
        }
        afterConfirms.run();
        if (!refused.isEmpty()) {
            Map<Long, Exception> failures = new LinkedHashMap<>();
            refused.forEach((id, reason) -> failures.put(id, new IOException(reason)));
            throw new PartialBatchFailure(failures);
        }
    }

    private AMQP.BasicProperties properties(Delivery<T> d) {
        return new AMQP.BasicProperties.Builder()
                .messageId(MessageIds.of(channel.name(), d.msgId()))
                .contentType(Payloads.contentType(channel.payloadType()))
                .deliveryMode(2)
                .timestamp(Date.from(d.sentAt()))
                .appId("pgmq")
                .headers(headers(d))
                .build();
    }

    /**
     * The message's pgmq headers (issue 17) as AMQP headers (string values), then, if asked for, {@code pgmq-channel},
     * {@code pgmq-msg-id} and {@code pgmq-attempt}, which a sender's header of the same name does not replace; null
     * (no headers table) when that leaves none.
     */
    private Map<String, Object> headers(Delivery<T> d) {
        if (!pgmqHeaders) {
            Map<String, String> own = d.headers().asMap();
            return own.isEmpty() ? null : new LinkedHashMap<>(own);
        }
        Map<String, Object> headers = new LinkedHashMap<>(d.headers().asMap());
        headers.put("pgmq-channel", channel.name());
        headers.put("pgmq-msg-id", d.msgId());
        headers.put("pgmq-attempt", d.attempt());
        return headers;
    }

    /** Stops claiming, lets in-flight batches finish up to the consumer's shutdown deadline, closes the connection. */
    @Override
    public void close() {
        try {
            consumer.close();
        } finally {
            publishers.forEach(Publisher::close);
            link.close();
        }
    }

    /**
     * Settings of an {@link Outbound} gateway; {@link #exchange(String)} is required. Not thread-safe.
     *
     * @param <T> the channel's payload type
     */
    public static final class Builder<T> {

        private final Channel<T> channel;
        private final DataSource dataSource;
        private final ConnectionFactory amqp;
        private String exchange;
        private Function<Delivery<T>, String> routingKey = d -> "";
        private int batchSize = 100;
        private int inFlightBatches = 1;
        private Duration lease = Duration.ofSeconds(60);
        private Duration confirmTimeout = Duration.ofSeconds(30);
        private Duration reconnectWait = Duration.ofSeconds(30);
        private UnaryOperator<Consumer.Builder<T>> consumerSettings = UnaryOperator.identity();
        private Runnable afterConfirms = () -> { };
        private boolean pgmqHeaders;

        private Builder(Channel<T> channel, DataSource dataSource, ConnectionFactory amqp) {
            this.channel = channel;
            this.dataSource = dataSource;
            this.amqp = amqp;
        }

        /** The exchange to publish to ({@code ""} is the default exchange, routing by queue name). Required. */
        public Builder<T> exchange(String exchange) {
            this.exchange = Objects.requireNonNull(exchange, "exchange");
            return this;
        }

        /** One routing key for every message; default {@code ""}. */
        public Builder<T> routingKey(String routingKey) {
            Objects.requireNonNull(routingKey, "routingKey");
            this.routingKey = d -> routingKey;
            return this;
        }

        /** A routing key per message, computed from its delivery (for example from its payload). */
        public Builder<T> routingKey(Function<Delivery<T>, String> routingKey) {
            this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
            return this;
        }

        /** Messages claimed, published and confirmed together: 1..1000, default 100. */
        public Builder<T> batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Batches in flight at once, each on its own AMQP channel: 1..64, default 1, which keeps the channel's order
         * on the broker (but for retried messages).
         */
        public Builder<T> inFlightBatches(int inFlightBatches) {
            this.inFlightBatches = inFlightBatches;
            return this;
        }

        /**
         * The pgmq lease of a claimed batch, default 60 s; kept while the batch waits for the broker. A batch not
         * acked when it ends is claimed and published again.
         */
        public Builder<T> lease(Duration lease) {
            this.lease = Objects.requireNonNull(lease, "lease");
            return this;
        }

        /** How long to wait for the broker's confirms of a batch before nacking the unconfirmed: default 30 s. */
        public Builder<T> confirmTimeout(Duration confirmTimeout) {
            this.confirmTimeout = Objects.requireNonNull(confirmTimeout, "confirmTimeout");
            return this;
        }

        /**
         * How long a batch waits for the broker to take a connection again before its messages are nacked (an
         * attempt counted, retried under the channel's backoff): default 30 s.
         */
        public Builder<T> reconnectWait(Duration reconnectWait) {
            this.reconnectWait = Objects.requireNonNull(reconnectWait, "reconnectWait");
            return this;
        }

        /**
         * Whether every message also carries the AMQP headers {@code pgmq-channel}, {@code pgmq-msg-id} (a long) and
         * {@code pgmq-attempt} (an int, 2 and more for a message published again after a failure): default false.
         * The {@code message-id} {@code <channel>:<msg_id>} names channel and message either way; turn this on for
         * consumers that route or count on these headers. Off, a message without pgmq headers of its own carries no
         * headers table, which RabbitMQ takes faster (bench/RESULTS.md, the outbound row's note).
         */
        public Builder<T> pgmqHeaders(boolean include) {
            this.pgmqHeaders = include;
            return this;
        }

        /**
         * Tunes the underlying pgmq consumer (poll interval, shutdown deadline, purge interval, poll only...), after
         * the gateway set batch size, concurrency and lease; the gateway sets the handler.
         */
        public Builder<T> consumer(UnaryOperator<Consumer.Builder<T>> consumerSettings) {
            this.consumerSettings = Objects.requireNonNull(consumerSettings, "consumerSettings");
            return this;
        }

        /** Test hook: runs after a batch's confirms and before its ack in PostgreSQL. */
        Builder<T> afterConfirms(Runnable afterConfirms) {
            this.afterConfirms = afterConfirms;
            return this;
        }

        /**
         * Starts the gateway: claims begin at once; the broker connection opens with the first batch.
         *
         * @throws IllegalArgumentException naming a setting out of range
         * @throws IllegalStateException    if no exchange was set
         */
        public Outbound<T> start() {
            if (exchange == null) {
                throw new IllegalStateException("channel \"" + channel.name() + "\": set the exchange to publish to "
                        + "(exchange(\"\") for the default exchange)");
            }
            Ranges.check("inFlightBatches", inFlightBatches, 1, 64);
            Ranges.check("batchSize", batchSize, 1, Channel.MAX_BATCH);
            Ranges.atLeast("confirmTimeout", confirmTimeout, Duration.ofMillis(100));
            Ranges.atLeast("reconnectWait", reconnectWait, Duration.ZERO);
            return new Outbound<>(this);
        }
    }
}
