package com.acme.orders;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.annotation.processing.Generated;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What the generated message codecs share: one Jackson factory, and the reading and writing of each field type with
 * errors that name the message and the field. Generated with the messages of the pgmq manifest; not part of the
 * application's API.
 *
 * <p>Thread-safe: stateless apart from the factory, which Jackson makes thread-safe.
 */
@Generated(
        value = "io.pgmq.codegen",
        comments = "pgmq 1.2.3"
)
final class PgmqJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private PgmqJson() {
    }

    /**
     * Reads a value of one field type at the parser's current token.
     *
     * @param <T> the Java type
     */
    @FunctionalInterface
    interface Reader<T> {
        /** Returns the value, or {@code null} for a JSON {@code null}. */
        T read(JsonParser json, String message, String field);
    }

    /**
     * Writes a non-null value of one field type.
     *
     * @param <T> the Java type
     */
    @FunctionalInterface
    interface Writer<T> {
        /** Writes the value. */
        void write(JsonGenerator json, T value);
    }

    static <T> String encode(T value, Writer<T> writer) {
        Objects.requireNonNull(value, "value");
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            writer.write(json, value);
        }
        return out.toString();
    }

    static <T> T decode(String text, String message, Reader<T> reader) {
        Objects.requireNonNull(text, "json");
        try (JsonParser json = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            json.nextToken();
            T value = reader.read(json, message, null);
            if (value == null) {
                throw invalid(message, null, "expected a JSON object, found null");
            }
            return value;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("message " + message + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static IllegalArgumentException invalid(String message, String field, String what) {
        return new IllegalArgumentException("message " + message + (field == null ? "" : ", field \"" + field + "\"")
                + ": " + what);
    }

    /** Whether an object starts at the current token; {@code false} for {@code null}. */
    static boolean startObject(JsonParser json, String message, String field) {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw invalid(message, field, "expected a JSON object, found " + found(json));
        }
        return true;
    }

    static <T> T required(T value, String message, String field) {
        if (value == null) {
            throw invalid(message, field, "is required but missing or null");
        }
        return value;
    }

    private static String found(JsonParser json) {
        JsonToken token = json.currentToken();
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + json.getString() + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + json.getString();
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + json.getString();
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static boolean isNull(JsonParser json) {
        return json.currentToken() == JsonToken.VALUE_NULL;
    }

    private static void expect(JsonParser json, String message, String field, JsonToken token, String what) {
        if (json.currentToken() != token) {
            throw invalid(message, field, "expected " + what + ", found " + found(json));
        }
    }

    static String readString(JsonParser json, String message, String field) {
        if (isNull(json)) {
            return null;
        }
        expect(json, message, field, JsonToken.VALUE_STRING, "a string");
        return json.getString();
    }

    static Boolean readBoolean(JsonParser json, String message, String field) {
        if (isNull(json)) {
            return null;
        }
        if (json.currentToken() != JsonToken.VALUE_TRUE && json.currentToken() != JsonToken.VALUE_FALSE) {
            throw invalid(message, field, "expected true or false, found " + found(json));
        }
        return json.currentToken() == JsonToken.VALUE_TRUE;
    }

    static Integer readInt(JsonParser json, String message, String field) {
        if (isNull(json)) {
            return null;
        }
        expect(json, message, field, JsonToken.VALUE_NUMBER_INT, "a whole number");
        try {
            return json.getIntValue();
        } catch (JacksonException e) {
            throw invalid(message, field, "expected a whole number that fits 32 bits, found " + found(json));
        }
    }

    static Long readLong(JsonParser json, String message, String field) {
        if (isNull(json)) {
            return null;
        }
        expect(json, message, field, JsonToken.VALUE_NUMBER_INT, "a whole number");
        try {
            return json.getLongValue();
        } catch (JacksonException e) {
            throw invalid(message, field, "expected a whole number that fits 64 bits, found " + found(json));
        }
    }

    static Double readDouble(JsonParser json, String message, String field) {
        if (isNull(json)) {
            return null;
        }
        if (json.currentToken() != JsonToken.VALUE_NUMBER_INT && json.currentToken() != JsonToken.VALUE_NUMBER_FLOAT) {
            throw invalid(message, field, "expected a number, found " + found(json));
        }
        return json.getDoubleValue();
    }

    static BigDecimal readDecimal(JsonParser json, String message, String field) {
        if (isNull(json)) {
            return null;
        }
        if (json.currentToken() != JsonToken.VALUE_NUMBER_INT && json.currentToken() != JsonToken.VALUE_NUMBER_FLOAT) {
            throw invalid(message, field, "expected a number, found " + found(json));
        }
        return json.getDecimalValue();
    }

    static UUID readUuid(JsonParser json, String message, String field) {
        String text = readString(json, message, field);
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid(message, field, "expected a UUID, found \"" + text + "\"");
        }
    }

    static Instant readInstant(JsonParser json, String message, String field) {
        String text = readString(json, message, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(message, field, "expected an ISO-8601 instant such as 2026-01-31T10:15:30Z, found \"" + text
                    + "\"");
        }
    }

    static LocalDate readDate(JsonParser json, String message, String field) {
        String text = readString(json, message, field);
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(message, field, "expected an ISO-8601 date such as 2026-01-31, found \"" + text + "\"");
        }
    }

    static <T> Reader<List<T>> listReader(Reader<T> element) {
        return (json, message, field) -> {
            if (isNull(json)) {
                return null;
            }
            expect(json, message, field, JsonToken.START_ARRAY, "an array");
            List<T> out = new ArrayList<>();
            while (json.nextToken() != JsonToken.END_ARRAY) {
                String item = field + "[" + out.size() + "]";
                out.add(required(element.read(json, message, item), message, item));
            }
            return Collections.unmodifiableList(out);
        };
    }

    static <T> Reader<Map<String, T>> mapReader(Reader<T> value) {
        return (json, message, field) -> {
            if (isNull(json)) {
                return null;
            }
            expect(json, message, field, JsonToken.START_OBJECT, "an object");
            Map<String, T> out = new LinkedHashMap<>();
            while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = json.currentName();
                json.nextToken();
                String entry = field + "[\"" + key + "\"]";
                out.put(key, required(value.read(json, message, entry), message, entry));
            }
            return Collections.unmodifiableMap(out);
        };
    }

    /** Reads an enum's value; an open enum gives {@code unknown} for a value it does not know, a closed one fails. */
    static <E extends Enum<E>> Reader<E> enumReader(Class<E> type, E unknown) {
        return (json, message, field) -> {
            String text = readString(json, message, field);
            if (text == null) {
                return null;
            }
            for (E constant : type.getEnumConstants()) {
                if (constant != unknown && constant.name().equals(text)) {
                    return constant;
                }
            }
            if (unknown != null) {
                return unknown;
            }
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name());
            }
            throw invalid(message, field, "expected one of " + names + ", found \"" + text + "\"");
        };
    }

    static void writeString(JsonGenerator json, String value) {
        json.writeString(value);
    }

    static void writeBoolean(JsonGenerator json, Boolean value) {
        json.writeBoolean(value);
    }

    static void writeInt(JsonGenerator json, Integer value) {
        json.writeNumber(value.intValue());
    }

    static void writeLong(JsonGenerator json, Long value) {
        json.writeNumber(value.longValue());
    }

    static void writeDouble(JsonGenerator json, Double value) {
        json.writeNumber(value.doubleValue());
    }

    static void writeDecimal(JsonGenerator json, BigDecimal value) {
        json.writeNumber(value);
    }

    static void writeUuid(JsonGenerator json, UUID value) {
        json.writeString(value.toString());
    }

    static void writeInstant(JsonGenerator json, Instant value) {
        json.writeString(value.toString());
    }

    static void writeDate(JsonGenerator json, LocalDate value) {
        json.writeString(value.toString());
    }

    static <T> Writer<List<T>> listWriter(Writer<T> element) {
        return (json, value) -> {
            json.writeStartArray();
            for (T item : value) {
                element.write(json, item);
            }
            json.writeEndArray();
        };
    }

    static <T> Writer<Map<String, T>> mapWriter(Writer<T> element) {
        return (json, value) -> {
            json.writeStartObject();
            for (Map.Entry<String, T> entry : value.entrySet()) {
                json.writeName(entry.getKey());
                element.write(json, entry.getValue());
            }
            json.writeEndObject();
        };
    }

    /** Writes an enum's value; an open enum's {@code UNKNOWN} stands for values this version cannot name. */
    static void writeEnum(JsonGenerator json, Enum<?> value, boolean open, String message, String field) {
        if (open && value.name().equals("UNKNOWN")) {
            throw invalid(message, field, "UNKNOWN stands for a value this version does not know and cannot be sent;"
                    + " send one of the named values");
        }
        json.writeString(value.name());
    }
}
