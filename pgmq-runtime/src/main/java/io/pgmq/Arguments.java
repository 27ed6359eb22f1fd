package io.pgmq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The checks a channel runs on its arguments before any SQL: programmer errors name the parameter and its value
 * ({@code max must be 1..1000, was 0}).
 */
final class Arguments {

    private Arguments() {
    }

    static String schema(String schema) {
        Objects.requireNonNull(schema, "schema");
        int bytes = schema.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > 63) {
            throw new IllegalArgumentException("schema must be 1..63 bytes, was \"" + schema + "\"");
        }
        return schema;
    }

    static <T> T payload(String channel, T payload) {
        return Objects.requireNonNull(payload, () -> "payload must not be null (channel \"" + channel + "\")");
    }

    /** A copy of {@code payloads}, none of them null. */
    static <T> List<T> payloads(String channel, Collection<? extends T> payloads) {
        List<T> values = new ArrayList<>(Objects.requireNonNull(payloads, "payloads").size());
        for (T payload : payloads) {
            values.add(payload(channel, payload));
        }
        return values;
    }

    static void batch(String parameter, int value) {
        if (value < 1 || value > Channel.MAX_BATCH) {
            throw new IllegalArgumentException(parameter + " must be 1.." + Channel.MAX_BATCH + ", was " + value);
        }
    }

    static void positive(String parameter, Duration value) {
        Objects.requireNonNull(value, parameter);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(parameter + " must be positive, was " + value);
        }
    }

    static Duration notNegative(String parameter, Duration value) {
        Objects.requireNonNull(value, parameter);
        if (value.isNegative()) {
            throw new IllegalArgumentException(parameter + " must not be negative, was " + value);
        }
        return value;
    }

    /** A delivery, or every delivery of a collection, must come from {@code channel}. */
    static <D extends Collection<? extends Delivery<?>>> D deliveries(String channel, D deliveries) {
        Objects.requireNonNull(deliveries, "deliveries");
        deliveries.forEach(d -> delivery(channel, d));
        return deliveries;
    }

    static void delivery(String channel, Delivery<?> delivery) {
        Objects.requireNonNull(delivery, "delivery");
        if (!delivery.channel().equals(channel)) {
            throw new IllegalArgumentException("delivery of message " + delivery.msgId() + " belongs to channel \""
                    + delivery.channel() + "\", not \"" + channel + "\"");
        }
    }

    static <D extends Collection<? extends LockedDelivery<?>>> D locked(String channel, D deliveries) {
        Objects.requireNonNull(deliveries, "deliveries");
        deliveries.forEach(d -> locked(channel, d));
        return deliveries;
    }

    static void locked(String channel, LockedDelivery<?> delivery) {
        Objects.requireNonNull(delivery, "delivery");
        if (!delivery.channel().equals(channel)) {
            throw new IllegalArgumentException("locked delivery of message " + delivery.msgId()
                    + " belongs to channel \"" + delivery.channel() + "\", not \"" + channel + "\"");
        }
    }
}
