package com.acme.shop.channels;

import io.pgmq.XmlChannel;
import javax.annotation.processing.Generated;

/**
 * Channel {@code invoices}: payload type {@code xml}, queue table {@code pg_mq_queue_invoices}.
 * Generated from this manifest entry; edit the manifest, not this file:
 * <pre>
 * invoices:
 *   type: xml
 *   keep_acked: true
 * </pre>
 *
 * <p>Thread-safe: holds no state beyond its names.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public final class InvoicesChannel extends XmlChannel {
    /**
     * The channel's name in SQL and in {@code LISTEN}.
     */
    public static final String NAME = "invoices";

    /**
     * Creates the channel in the given schema; use {@link Channels#INVOICES} instead.
     *
     * @param schema the PostgreSQL schema of the queue table
     */
    InvoicesChannel(String schema) {
        super(schema, NAME);
    }
}
