package io.pgmq.codegen.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a message: its JSON property name, its Java component name, its type and whether it may be absent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the JSON property name, as the manifest writes it ({@code order_id})
 * @param javaName the record component's name ({@code orderId}), by {@link JavaNames#fieldName}
 * @param type the type
 * @param optional whether the field may be absent (then {@code null} in Java)
 * @param description the Javadoc text, if any
 * @param position where the field's name is in the manifest
 * @param typePosition where the field's type is in the manifest
 */
public record FieldSpec(String name, String javaName, FieldType type, boolean optional, Optional<String> description,
        Position position, Position typePosition) {

    /** Validates the fields. */
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(javaName, "javaName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(typePosition, "typePosition");
    }

    /** Returns whether the field must be present. */
    public boolean required() {
        return !optional;
    }
}
