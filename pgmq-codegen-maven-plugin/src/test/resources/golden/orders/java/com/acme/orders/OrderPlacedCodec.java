package com.acme.orders;

import io.pgmq.JsonCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads and writes {@link OrderPlaced} as JSON with Jackson's streaming API, property names as the manifest writes them. Reading skips properties it does not know (a newer producer may add optional fields) and fails naming the message and field when one is missing or of the wrong type.
 *
 * <p>Thread-safe and stateless; use {@link #INSTANCE}.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public final class OrderPlacedCodec implements JsonCodec<OrderPlaced> {
    /**
     * The codec.
     */
    public static final OrderPlacedCodec INSTANCE = new OrderPlacedCodec();

    private OrderPlacedCodec() {
    }

    @Override
    public String encode(OrderPlaced value) {
        return PgmqJson.encode(value, OrderPlacedCodec::write);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the JSON is no {@code OrderPlaced}, naming the field
     */
    @Override
    public OrderPlaced decode(String json) {
        return PgmqJson.decode(json, "OrderPlaced", OrderPlacedCodec::read);
    }

    /**
     * Writes the message as a JSON object; optional fields that are {@code null} are left out.
     */
    static void write(JsonGenerator json, OrderPlaced value) {
        json.writeStartObject();
        json.writeName("order_id");
        PgmqJson.writeLong(json, value.orderId());
        json.writeName("email");
        PgmqJson.writeString(json, value.email());
        json.writeName("total");
        PgmqJson.writeDecimal(json, value.total());
        json.writeName("placed_at");
        PgmqJson.writeInstant(json, value.placedAt());
        json.writeName("lines");
        PgmqJson.listWriter(OrderLineCodec::write).write(json, value.lines());
        json.writeName("status");
        PgmqJson.writeEnum(json, value.status(), true, "OrderPlaced", "status");
        if (value.coupon() != null) {
            json.writeName("coupon");
            PgmqJson.writeString(json, value.coupon());
        }
        if (value.deliveryDate() != null) {
            json.writeName("delivery_date");
            PgmqJson.writeDate(json, value.deliveryDate());
        }
        if (value.tags() != null) {
            json.writeName("tags");
            PgmqJson.mapWriter(PgmqJson::writeString).write(json, value.tags());
        }
        if (value.class_() != null) {
            json.writeName("class");
            PgmqJson.writeInt(json, value.class_());
        }
        json.writeEndObject();
    }

    /**
     * Reads the message from the JSON object at the parser's current token, up to its end.
     *
     * @return the message, or {@code null} for a JSON {@code null}
     * @throws IllegalArgumentException if it is no {@code OrderPlaced}, naming the field
     */
    static OrderPlaced read(JsonParser json, String message, String field) {
        if (!PgmqJson.startObject(json, message, field)) {
            return null;
        }
        Long orderId = null;
        String email = null;
        BigDecimal total = null;
        Instant placedAt = null;
        List<OrderLine> lines = null;
        OrderPlaced.Status status = null;
        String coupon = null;
        LocalDate deliveryDate = null;
        Map<String, String> tags = null;
        Integer class_ = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "order_id" -> orderId = PgmqJson.readLong(json, "OrderPlaced", "order_id");
                case "email" -> email = PgmqJson.readString(json, "OrderPlaced", "email");
                case "total" -> total = PgmqJson.readDecimal(json, "OrderPlaced", "total");
                case "placed_at" -> placedAt = PgmqJson.readInstant(json, "OrderPlaced", "placed_at");
                case "lines" -> lines = PgmqJson.listReader(OrderLineCodec::read).read(json, "OrderPlaced", "lines");
                case "status" -> status = PgmqJson.enumReader(OrderPlaced.Status.class, OrderPlaced.Status.UNKNOWN).read(json, "OrderPlaced", "status");
                case "coupon" -> coupon = PgmqJson.readString(json, "OrderPlaced", "coupon");
                case "delivery_date" -> deliveryDate = PgmqJson.readDate(json, "OrderPlaced", "delivery_date");
                case "tags" -> tags = PgmqJson.mapReader(PgmqJson::readString).read(json, "OrderPlaced", "tags");
                case "class" -> class_ = PgmqJson.readInt(json, "OrderPlaced", "class");
                default -> json.skipChildren();
            }
        }
        return new OrderPlaced(
                PgmqJson.required(orderId, "OrderPlaced", "order_id"),
                PgmqJson.required(email, "OrderPlaced", "email"),
                PgmqJson.required(total, "OrderPlaced", "total"),
                PgmqJson.required(placedAt, "OrderPlaced", "placed_at"),
                PgmqJson.required(lines, "OrderPlaced", "lines"),
                PgmqJson.required(status, "OrderPlaced", "status"),
                coupon,
                deliveryDate,
                tags,
                class_);
    }
}
