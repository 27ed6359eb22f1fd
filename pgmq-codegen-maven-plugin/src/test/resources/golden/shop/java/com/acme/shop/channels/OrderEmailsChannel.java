package com.acme.shop.channels;

import com.rabbitmq.client.ConnectionFactory;
import io.pgmq.TextChannel;
import io.pgmq.rabbitmq.Outbound;
import javax.annotation.processing.Generated;
import javax.sql.DataSource;

/**
 * Emails to send once an order commits. One row per email, never &lt;b&gt;HTML&lt;/b&gt; &#42;/ here.
 *
 * <p>Channel {@code order_emails}: payload type {@code text}, queue table {@code pg_mq_queue_order_emails}.
 * Generated from this manifest entry; edit the manifest, not this file:
 * <pre>
 * order_emails:
 *   type: text
 *   grants: { send: [shop_app], receive: [mailer, o'brien] }
 *   max_attempts: 5
 *   backoff: { base: 1s, max: 5m }
 *   lease: 30s
 *   keep_acked: false
 *   retention: { done: 3d, dead: 14d }
 *   notify: when_idle
 *   rabbitmq: { direction: outbound, exchange: shop.events, routing_key: order.email, batch: 50 }
 * </pre>
 *
 * <p>Thread-safe: holds no state beyond its names.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public final class OrderEmailsChannel extends TextChannel {
    /**
     * The channel's name in SQL and in {@code LISTEN}.
     */
    public static final String NAME = "order_emails";

    /**
     * Creates the channel in the given schema; use {@link Channels#ORDER_EMAILS} instead.
     *
     * @param schema the PostgreSQL schema of the queue table
     */
    OrderEmailsChannel(String schema) {
        super(schema, NAME);
    }

    /**
     * The RabbitMQ gateway this channel's manifest entry declares: its messages go to exchange {@code "shop.events"} with routing key {@code "order.email"}, 50 per confirm batch. Set more on the builder, then {@code start()} it; {@code close()} the gateway to stop it.
     *
     * @param dataSource where this channel lives
     * @param amqp how to reach the broker (copied; the gateway reconnects by itself)
     * @return the gateway's builder, with the manifest's settings
     */
    public Outbound.Builder<String> rabbitmqOutbound(DataSource dataSource,
            ConnectionFactory amqp) {
        return Outbound.builder(this, dataSource, amqp).exchange("shop.events").routingKey("order.email").batchSize(50);
    }
}
