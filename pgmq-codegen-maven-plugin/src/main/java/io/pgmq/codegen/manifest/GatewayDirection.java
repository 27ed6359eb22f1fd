package io.pgmq.codegen.manifest;

import java.util.Locale;

/** Which way a channel's RabbitMQ gateway moves messages ({@code rabbitmq.direction}). */
public enum GatewayDirection {
    /** From the channel to an exchange: pgmq-rabbitmq's {@code Outbound}. */
    OUTBOUND,
    /** From a queue into the channel: pgmq-rabbitmq's {@code Inbound}. */
    INBOUND;

    /** The name in the manifest: {@code outbound}, {@code inbound}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
