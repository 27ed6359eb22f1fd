package com.acme.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * An order was committed.
 *
 * <p>Message {@code OrderPlaced}, sent as a JSON object; generated from the manifest's {@code messages} entry: edit the manifest, not this file. Read and written by {@link OrderPlacedCodec}.
 *
 * <p>Immutable: lists and maps are copied, and the constructor refuses a missing required component. An optional component is {@code null} when the field is absent.
 *
 * @param orderId JSON {@code order_id}, long, required
 * @param email JSON {@code email}, string, required
 * @param total JSON {@code total}, decimal, required
 * @param placedAt JSON {@code placed_at}, instant, required
 * @param lines JSON {@code lines}, list&lt;OrderLine&gt;, required
 * @param status JSON {@code status}, open enum[NEW, PAID], required: Where the order stands.
 * @param coupon JSON {@code coupon}, string, optional ({@code null} when absent): Promotion code, if any.
 * @param deliveryDate JSON {@code delivery_date}, date, optional ({@code null} when absent)
 * @param tags JSON {@code tags}, map&lt;string&gt;, optional ({@code null} when absent)
 * @param class_ JSON {@code class}, int, optional ({@code null} when absent): A field named like a Java keyword.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public record OrderPlaced(long orderId, String email, BigDecimal total, Instant placedAt,
        List<OrderLine> lines, OrderPlaced.Status status, String coupon, LocalDate deliveryDate,
        Map<String, String> tags, Integer class_) {
    /**
     * Checks the required components and copies the lists and maps.
     *
     * @throws NullPointerException if a required component is null, naming it
     */
    public OrderPlaced {
        Objects.requireNonNull(email, "OrderPlaced.email is required (JSON \"email\")");
        Objects.requireNonNull(total, "OrderPlaced.total is required (JSON \"total\")");
        Objects.requireNonNull(placedAt, "OrderPlaced.placedAt is required (JSON \"placed_at\")");
        lines = List.copyOf(Objects.requireNonNull(lines, "OrderPlaced.lines is required (JSON \"lines\")"));
        Objects.requireNonNull(status, "OrderPlaced.status is required (JSON \"status\")");
        tags = tags == null ? null : Map.copyOf(tags);
    }

    /**
     * The values of field {@code status}: Where the order stands.
     *
     * <p>Open: a newer producer may send values this version does not know, which read as {@link #UNKNOWN}.
     */
    public enum Status {
        NEW,

        PAID,

        /**
         * A value this version does not know, written by a newer producer; cannot be sent.
         */
        UNKNOWN
    }
}
