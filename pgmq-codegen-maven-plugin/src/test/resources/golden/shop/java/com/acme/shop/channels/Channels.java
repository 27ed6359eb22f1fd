package com.acme.shop.channels;

import javax.annotation.processing.Generated;

/**
 * The channels declared in the pgmq manifest, one constant each, in schema {@code shop}.
 *
 * <p>Thread-safe: the constants are immutable.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public final class Channels {
    /**
     * Channel {@code invoices} (xml).
     */
    public static final InvoicesChannel INVOICES = new InvoicesChannel("shop");

    /**
     * Channel {@code order_emails} (text): Emails to send once an order commits.
     */
    public static final OrderEmailsChannel ORDER_EMAILS = new OrderEmailsChannel("shop");

    /**
     * Channel {@code thumbnails} (bytea): Resized product images.
     */
    public static final ThumbnailsChannel THUMBNAILS = new ThumbnailsChannel("shop");

    private Channels() {
    }
}
