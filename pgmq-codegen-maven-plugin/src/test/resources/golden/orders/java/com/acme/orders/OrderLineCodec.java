package com.acme.orders;

import io.pgmq.JsonCodec;
import java.util.UUID;
import javax.annotation.processing.Generated;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads and writes {@link OrderLine} as JSON with Jackson's streaming API, property names as the manifest writes them. Reading skips properties it does not know (a newer producer may add optional fields) and fails naming the message and field when one is missing or of the wrong type.
 *
 * <p>Thread-safe and stateless; use {@link #INSTANCE}.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public final class OrderLineCodec implements JsonCodec<OrderLine> {
    /**
     * The codec.
     */
    public static final OrderLineCodec INSTANCE = new OrderLineCodec();

    private OrderLineCodec() {
    }

    @Override
    public String encode(OrderLine value) {
        return PgmqJson.encode(value, OrderLineCodec::write);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the JSON is no {@code OrderLine}, naming the field
     */
    @Override
    public OrderLine decode(String json) {
        return PgmqJson.decode(json, "OrderLine", OrderLineCodec::read);
    }

    /**
     * Writes the message as a JSON object; optional fields that are {@code null} are left out.
     */
    static void write(JsonGenerator json, OrderLine value) {
        json.writeStartObject();
        json.writeName("sku");
        PgmqJson.writeString(json, value.sku());
        json.writeName("quantity");
        PgmqJson.writeInt(json, value.quantity());
        if (value.gift() != null) {
            json.writeName("gift");
            PgmqJson.writeBoolean(json, value.gift());
        }
        json.writeName("price");
        PgmqJson.writeDouble(json, value.price());
        json.writeName("id");
        PgmqJson.writeUuid(json, value.id());
        json.writeName("kind");
        PgmqJson.writeEnum(json, value.kind(), false, "OrderLine", "kind");
        json.writeEndObject();
    }

    /**
     * Reads the message from the JSON object at the parser's current token, up to its end.
     *
     * @return the message, or {@code null} for a JSON {@code null}
     * @throws IllegalArgumentException if it is no {@code OrderLine}, naming the field
     */
    static OrderLine read(JsonParser json, String message, String field) {
        if (!PgmqJson.startObject(json, message, field)) {
            return null;
        }
        String sku = null;
        Integer quantity = null;
        Boolean gift = null;
        Double price = null;
        UUID id = null;
        OrderLine.Kind kind = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "sku" -> sku = PgmqJson.readString(json, "OrderLine", "sku");
                case "quantity" -> quantity = PgmqJson.readInt(json, "OrderLine", "quantity");
                case "gift" -> gift = PgmqJson.readBoolean(json, "OrderLine", "gift");
                case "price" -> price = PgmqJson.readDouble(json, "OrderLine", "price");
                case "id" -> id = PgmqJson.readUuid(json, "OrderLine", "id");
                case "kind" -> kind = PgmqJson.enumReader(OrderLine.Kind.class, null).read(json, "OrderLine", "kind");
                default -> json.skipChildren();
            }
        }
        return new OrderLine(
                PgmqJson.required(sku, "OrderLine", "sku"),
                PgmqJson.required(quantity, "OrderLine", "quantity"),
                gift,
                PgmqJson.required(price, "OrderLine", "price"),
                PgmqJson.required(id, "OrderLine", "id"),
                PgmqJson.required(kind, "OrderLine", "kind"));
    }
}
