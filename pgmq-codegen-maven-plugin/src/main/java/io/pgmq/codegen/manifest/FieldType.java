package io.pgmq.codegen.manifest;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The type of a message field: a built-in scalar, a list or a map of another type, an enum, or another message.
 * A closed set; each case knows its manifest spelling and its JSON type.
 */
public sealed interface FieldType permits FieldType.Scalar, FieldType.ListOf, FieldType.MapOf, FieldType.EnumOf,
        FieldType.MessageRef {

    /** The pattern of a message name: UpperCamel ASCII, as the Java record is named. */
    Pattern MESSAGE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

    /** Returns the type as the manifest spells it (canonical): {@code list<OrderLine>}, {@code enum[NEW, PAID]}. */
    String expression();

    /** Returns the JSON type of a value: {@code number}, {@code string}, {@code boolean}, {@code array} or {@code object}. */
    String jsonType();

    /** A built-in type. @param type which */
    record Scalar(ScalarType type) implements FieldType {
        /** Validates the field. */
        public Scalar {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String expression() {
            return type.manifestName();
        }

        @Override
        public String jsonType() {
            return type.jsonType();
        }
    }

    /** {@code list<T>}: a JSON array. @param element the elements' type */
    record ListOf(FieldType element) implements FieldType {
        /** Validates the field. */
        public ListOf {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public String expression() {
            return "list<" + element.expression() + ">";
        }

        @Override
        public String jsonType() {
            return "array";
        }
    }

    /** {@code map<T>}: a JSON object with string keys. @param value the values' type */
    record MapOf(FieldType value) implements FieldType {
        /** Validates the field. */
        public MapOf {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String expression() {
            return "map<" + value.expression() + ">";
        }

        @Override
        public String jsonType() {
            return "object";
        }
    }

    /**
     * {@code { enum: [A, B] }}: a JSON string holding one of the values.
     *
     * @param values the values, in the manifest's order
     * @param open whether readers map a value they do not know to {@code UNKNOWN} (so values may be added later)
     */
    record EnumOf(List<String> values, boolean open) implements FieldType {
        /** Validates and copies the fields. */
        public EnumOf {
            values = List.copyOf(values);
        }

        @Override
        public String expression() {
            return (open ? "open enum[" : "enum[") + String.join(", ", values) + "]";
        }

        @Override
        public String jsonType() {
            return "string";
        }
    }

    /** Another message of the manifest, a JSON object. @param name its name */
    record MessageRef(String name) implements FieldType {
        /** Validates the field. */
        public MessageRef {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String expression() {
            return name;
        }

        @Override
        public String jsonType() {
            return "object";
        }
    }
}
