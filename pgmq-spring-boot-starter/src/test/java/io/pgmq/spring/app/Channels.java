package io.pgmq.spring.app;

import io.pgmq.TextChannel;
import io.pgmq.XmlChannel;

/** Written as the code generator writes a manifest's {@code Channels} class: one constant per channel. */
public final class Channels {

    /** Sends in Spring transactions. */
    public static final TextChannel SENDS = TextChannel.of("public", "sends");
    /** A transactional listener's writes. */
    public static final TextChannel AUDIT = TextChannel.of("public", "audit");
    /** Two attempts, then a dead letter. */
    public static final TextChannel FAILING = TextChannel.of("public", "failing");
    /** A handler that blocks until released. */
    public static final TextChannel SLOW = TextChannel.of("public", "slow");
    /** Nobody listens. */
    public static final TextChannel IDLE = TextChannel.of("public", "idle");
    /** An xml channel. */
    public static final XmlChannel DOCUMENTS = XmlChannel.of("public", "documents");
    /** Five messages ready from the migration on. */
    public static final TextChannel BATCH_ORDERS = TextChannel.of("public", "batch_orders");
    /** A json channel of {@link OrderPlaced} messages. */
    public static final OrderPlacedChannel ORDER_PLACED = new OrderPlacedChannel();

    private Channels() {
    }
}
