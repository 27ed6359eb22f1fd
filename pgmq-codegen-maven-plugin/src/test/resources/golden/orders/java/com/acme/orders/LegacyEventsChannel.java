package com.acme.orders;

import com.acme.events.LegacyEvent;
import io.pgmq.JsonChannel;
import io.pgmq.JsonCodec;
import javax.annotation.processing.Generated;

/**
 * Channel {@code legacy_events}: payload type {@code json}, queue table {@code pg_mq_queue_legacy_events}.
 * Generated from this manifest entry; edit the manifest, not this file:
 * <pre>
 * legacy_events:
 *   type: json
 *   class: com.acme.events.LegacyEvent
 * </pre>
 *
 * <p>Carries {@link LegacyEvent} as jsonb, read and written by Jackson's data binding; its shape is not checked at build time nor by the database.
 *
 * <p>Thread-safe: holds no state beyond its names and its stateless codec.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public final class LegacyEventsChannel extends JsonChannel<LegacyEvent> {
    /**
     * The channel's name in SQL and in {@code LISTEN}.
     */
    public static final String NAME = "legacy_events";

    /**
     * Creates the channel in the given schema; use {@link Channels#LEGACY_EVENTS} instead.
     *
     * @param schema the PostgreSQL schema of the queue table
     */
    LegacyEventsChannel(String schema) {
        super(schema, NAME, JsonCodec.jackson(LegacyEvent.class));
    }
}
