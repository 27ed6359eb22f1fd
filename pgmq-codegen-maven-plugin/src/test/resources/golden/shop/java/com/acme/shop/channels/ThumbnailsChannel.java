package com.acme.shop.channels;

import io.pgmq.ByteaChannel;
import javax.annotation.processing.Generated;

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
}
