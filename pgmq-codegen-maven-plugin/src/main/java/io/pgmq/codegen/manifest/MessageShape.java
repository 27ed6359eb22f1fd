package io.pgmq.codegen.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What of a message the wire sees, as the lock file records it: each field's type and whether it is required,
 * by JSON name. Descriptions and field order are not part of it (changing them changes no reader).
 *
 * <p>Immutable and thread-safe.
 *
 * @param fields the fields by JSON name, sorted
 */
public record MessageShape(Map<String, Field> fields) {

    /** Validates and copies the fields, sorted by name. */
    public MessageShape {
        fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /**
     * One field as recorded.
     *
     * @param type the type as the manifest spells it canonically ({@link FieldType#expression()}), {@code enum}
     *     for enums
     * @param values an enum's values; empty for other types
     * @param open whether an enum is open
     * @param required whether the field must be present
     */
    public record Field(String type, List<String> values, boolean open, boolean required) {

        /** Validates and copies the fields. */
        public Field {
            Objects.requireNonNull(type, "type");
            values = List.copyOf(values);
        }

        /** Returns the JSON type of the field's values, as the database contract checks it. */
        public String jsonType() {
            if (type.equals("enum")) {
                return "string";
            }
            if (type.startsWith("list<")) {
                return "array";
            }
            if (type.startsWith("map<")) {
                return "object";
            }
            return ScalarType.named(type).map(ScalarType::jsonType).orElse("object");
        }

        /** Returns the type as the manifest spells it: {@code long}, {@code { enum: [A, B], open: true }}. */
        public String spelled() {
            return type.equals("enum") ? "{ enum: [" + String.join(", ", values) + "]" + (open ? ", open: true" : "")
                    + " }" : type;
        }
    }

    /** The shape of a declared message. */
    static MessageShape of(MessageSpec message) {
        Map<String, Field> fields = new TreeMap<>();
        for (FieldSpec field : message.fields()) {
            if (field.type() instanceof FieldType.EnumOf e) {
                fields.put(field.name(), new Field("enum", e.values(), e.open(), field.required()));
            } else {
                fields.put(field.name(), new Field(field.type().expression(), List.of(), false, field.required()));
            }
        }
        return new MessageShape(fields);
    }

    /**
     * Returns the database contract of a channel carrying this message, as {@code pg_mq_set_json_contract} takes
     * it: {@code {"message":"OrderPlaced","fields":{"order_id":{"type":"number","required":true}}}}, on one line,
     * fields sorted by name.
     *
     * @param messageName the message's name
     * @return the contract's JSON text
     */
    public String contract(String messageName) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Field> e : fields.entrySet()) {
            parts.add(JsonText.string(e.getKey()) + ":{\"type\":" + JsonText.string(e.getValue().jsonType())
                    + ",\"required\":" + e.getValue().required() + "}");
        }
        return "{\"message\":" + JsonText.string(messageName) + ",\"fields\":{" + String.join(",", parts) + "}}";
    }
}
