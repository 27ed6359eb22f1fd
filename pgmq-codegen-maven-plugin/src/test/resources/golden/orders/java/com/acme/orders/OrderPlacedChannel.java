package com.acme.orders;

import io.pgmq.JsonChannel;
import javax.annotation.processing.Generated;

/**
 * Orders once they commit.
 *
 * <p>Channel {@code order_placed}: payload type {@code json}, queue table {@code pg_mq_queue_order_placed}.
 * Generated from this manifest entry; edit the manifest, not this file:
 * <pre>
 * order_placed:
 *   type: json
 *   message: OrderPlaced
 * </pre>
 *
 * <p>Carries {@link OrderPlaced} as jsonb; the database refuses a payload that lacks a required field of it or has the wrong JSON type.
 *
 * <p>Thread-safe: holds no state beyond its names and its stateless codec.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public final class OrderPlacedChannel extends JsonChannel<OrderPlaced> {
    /**
     * The channel's name in SQL and in {@code LISTEN}.
     */
    public static final String NAME = "order_placed";

    /**
     * Creates the channel in the given schema; use {@link Channels#ORDER_PLACED} instead.
     *
     * @param schema the PostgreSQL schema of the queue table
     */
    OrderPlacedChannel(String schema) {
        super(schema, NAME, OrderPlacedCodec.INSTANCE);
    }
}
