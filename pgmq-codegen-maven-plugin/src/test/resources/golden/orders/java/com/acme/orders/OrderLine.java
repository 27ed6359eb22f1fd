package com.acme.orders;

import java.util.Objects;
import java.util.UUID;
import javax.annotation.processing.Generated;

/**
 * Message {@code OrderLine}, sent as a JSON object; generated from the manifest's {@code messages} entry: edit the manifest, not this file. Read and written by {@link OrderLineCodec}.
 *
 * <p>Immutable: lists and maps are copied, and the constructor refuses a missing required component. An optional component is {@code null} when the field is absent.
 *
 * @param sku JSON {@code sku}, string, required
 * @param quantity JSON {@code quantity}, int, required
 * @param gift JSON {@code gift}, boolean, optional ({@code null} when absent)
 * @param price JSON {@code price}, double, required
 * @param id JSON {@code id}, uuid, required
 * @param kind JSON {@code kind}, enum[ITEM, SERVICE], required
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
public record OrderLine(String sku, int quantity, Boolean gift, double price, UUID id,
        OrderLine.Kind kind) {
    /**
     * Checks the required components and copies the lists and maps.
     *
     * @throws NullPointerException if a required component is null, naming it
     */
    public OrderLine {
        Objects.requireNonNull(sku, "OrderLine.sku is required (JSON \"sku\")");
        Objects.requireNonNull(id, "OrderLine.id is required (JSON \"id\")");
        Objects.requireNonNull(kind, "OrderLine.kind is required (JSON \"kind\")");
    }

    /**
     * The values of field {@code kind}.
     */
    public enum Kind {
        ITEM,

        SERVICE
    }
}
