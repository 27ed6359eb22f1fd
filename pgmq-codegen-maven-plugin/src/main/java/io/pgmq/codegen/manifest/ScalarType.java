package io.pgmq.codegen.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The built-in field types of a message, by their manifest names, with their JSON type and Java type. */
public enum ScalarType {
    /** {@code string}: a JSON string, {@code String}. */
    STRING("string", "java.lang.String", null),
    /** {@code boolean}: a JSON boolean, {@code boolean} ({@code Boolean} when optional). */
    BOOLEAN("boolean", "boolean", "java.lang.Boolean"),
    /** {@code int}: a JSON number that fits 32 bits, {@code int} ({@code Integer} when optional). */
    INT("int", "int", "java.lang.Integer"),
    /** {@code long}: a JSON number that fits 64 bits, {@code long} ({@code Long} when optional). */
    LONG("long", "long", "java.lang.Long"),
    /** {@code double}: a JSON number, {@code double} ({@code Double} when optional). */
    DOUBLE("double", "double", "java.lang.Double"),
    /** {@code decimal}: a JSON number kept exactly, {@code java.math.BigDecimal}. */
    DECIMAL("decimal", "java.math.BigDecimal", null),
    /** {@code uuid}: a JSON string, {@code java.util.UUID}. */
    UUID("uuid", "java.util.UUID", null),
    /** {@code instant}: an ISO-8601 instant in a JSON string ({@code 2026-01-31T10:15:30Z}), {@code java.time.Instant}. */
    INSTANT("instant", "java.time.Instant", null),
    /** {@code date}: an ISO-8601 date in a JSON string ({@code 2026-01-31}), {@code java.time.LocalDate}. */
    DATE("date", "java.time.LocalDate", null);

    private final String manifestName;
    private final String javaType;
    private final String boxedType;

    ScalarType(String manifestName, String javaType, String boxedType) {
        this.manifestName = manifestName;
        this.javaType = javaType;
        this.boxedType = boxedType;
    }

    /** Returns the name in the manifest, e.g. {@code instant}. */
    public String manifestName() {
        return manifestName;
    }

    /** Returns the Java type of a required field: a primitive name or a qualified class name. */
    public String javaType() {
        return javaType;
    }

    /** Returns the Java type of an optional field or a collection element: the boxed type for primitives. */
    public String objectType() {
        return boxedType == null ? javaType : boxedType;
    }

    /** Returns whether a required field is a Java primitive. */
    public boolean primitive() {
        return boxedType != null;
    }

    /** Returns the JSON type: {@code number}, {@code string} or {@code boolean}. */
    public String jsonType() {
        return switch (this) {
            case BOOLEAN -> "boolean";
            case INT, LONG, DOUBLE, DECIMAL -> "number";
            default -> "string";
        };
    }

    /** The manifest names of all scalar types, in declaration order. */
    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(ScalarType::manifestName).toList();
    }

    /** Finds a scalar type by its manifest name (case-sensitive). */
    public static Optional<ScalarType> named(String name) {
        for (ScalarType type : values()) {
            if (type.manifestName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return manifestName.toLowerCase(Locale.ROOT);
    }
}
