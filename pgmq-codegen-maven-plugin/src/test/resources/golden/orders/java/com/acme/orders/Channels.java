package com.acme.orders;

import javax.annotation.processing.Generated;

/**
 * The channels declared in the pgmq manifest, one constant each, in schema {@code public}.
 *
 * <p>Thread-safe: the constants are immutable.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public final class Channels {
    /**
     * Channel {@code legacy_events} (json of com.acme.events.LegacyEvent).
     */
    public static final LegacyEventsChannel LEGACY_EVENTS = new LegacyEventsChannel("public");

    /**
     * Channel {@code order_placed} (json of OrderPlaced): Orders once they commit.
     */
    public static final OrderPlacedChannel ORDER_PLACED = new OrderPlacedChannel("public");

    private Channels() {
    }
}
