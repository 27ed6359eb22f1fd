package io.pgmq.spring.app;

import io.pgmq.JsonChannel;
import io.pgmq.JsonCodec;

/** As the code generator writes a json channel's class: a {@code JsonChannel} of its message. */
public final class OrderPlacedChannel extends JsonChannel<OrderPlaced> {

    OrderPlacedChannel() {
        super("public", "order_placed", JsonCodec.jackson(OrderPlaced.class));
    }
}
