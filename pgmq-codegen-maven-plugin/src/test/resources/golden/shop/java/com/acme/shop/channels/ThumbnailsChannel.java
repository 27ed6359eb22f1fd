package com.acme.shop.channels;

import com.rabbitmq.client.ConnectionFactory;
import io.pgmq.ByteaChannel;
import io.pgmq.rabbitmq.Inbound;
import javax.annotation.processing.Generated;
import javax.sql.DataSource;

/**
 * Resized product images.
 *
 * <p>Channel {@code thumbnails}: payload type {@code bytea}, queue table {@code pg_mq_queue_thumbnails}.
 * Generated from this manifest entry; edit the manifest, not this file:
 * <pre>
 * thumbnails:
 *   type: bytea
 *   fillfactor: 100
 *   retention: { done: 12h }
 *   rabbitmq: { direction: inbound, queue: thumbnails.in }
 * </pre>
 *
 * <p>Thread-safe: holds no state beyond its names.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public final class ThumbnailsChannel extends ByteaChannel {
    /**
     * The channel's name in SQL and in {@code LISTEN}.
     */
    public static final String NAME = "thumbnails";

    /**
     * Creates the channel in the given schema; use {@link Channels#THUMBNAILS} instead.
     *
     * @param schema the PostgreSQL schema of the queue table
     */
    ThumbnailsChannel(String schema) {
        super(schema, NAME);
    }

    /**
     * The RabbitMQ gateway this channel's manifest entry declares: queue {@code "thumbnails.in"}'s messages come into this channel, up to 100 per transaction. Set more on the builder, then {@code start()} it; {@code close()} the gateway to stop it.
     *
     * @param dataSource where this channel lives
     * @param amqp how to reach the broker (copied; the gateway reconnects by itself)
     * @return the gateway's builder, with the manifest's settings
     */
    public Inbound.Builder<byte[]> rabbitmqInbound(DataSource dataSource, ConnectionFactory amqp) {
        return Inbound.builder(amqp, "thumbnails.in", this, dataSource).batchSize(100);
    }
}
