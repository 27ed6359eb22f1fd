package io.pgmq.codegen.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message type of a manifest ({@code messages:}), generated as a record and a codec.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the message name, UpperCamel, also the Java record's name
 * @param description the Javadoc text, if any
 * @param fields the fields, in the manifest's order (the record's component order)
 * @param position where the message's name is in the manifest
 */
public record MessageSpec(String name, Optional<String> description, List<FieldSpec> fields, Position position) {

    /** Validates and copies the fields. */
    public MessageSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        fields = List.copyOf(fields);
        Objects.requireNonNull(position, "position");
    }

    /** Returns the codec class's simple name, {@code <Name>Codec}. */
    public String codecName() {
        return name + "Codec";
    }

    /** Returns the field with the JSON name, if declared. */
    public Optional<FieldSpec> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** Returns the shape the lock file records and evolution compares. */
    public MessageShape shape() {
        return MessageShape.of(this);
    }
}
