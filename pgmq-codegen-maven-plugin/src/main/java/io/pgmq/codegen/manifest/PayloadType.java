package io.pgmq.codegen.manifest;

import java.util.Locale;
import java.util.Optional;

/** The payload type of a channel: the {@code type} key of a manifest entry. */
public enum PayloadType {
    /** {@code text}: a {@code String} payload, sent through the runtime's {@code TextChannel}. */
    TEXT("TextChannel"),
    /** {@code xml}: an {@code org.jooq.XML} payload, sent through the runtime's {@code XmlChannel}. */
    XML("XmlChannel"),
    /** {@code bytea}: a {@code byte[]} payload, sent through the runtime's {@code ByteaChannel}. */
    BYTEA("ByteaChannel"),
    /**
     * {@code json}: a {@code jsonb} payload carrying a message declared in the manifest ({@code message:}) or a class
     * of the application ({@code class:}), sent through the runtime's {@code JsonChannel}.
     */
    JSON("JsonChannel");

    private final String runtimeClass;

    PayloadType(String runtimeClass) {
        this.runtimeClass = runtimeClass;
    }

    /** Returns the name used in the manifest: {@code text}, {@code xml}, {@code bytea} or {@code json}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the payload type as pgmq core's SQL names it: {@code jsonb} for {@code json}, else the manifest name. */
    public String sqlName() {
        return this == JSON ? "jsonb" : manifestName();
    }

    /** Returns the simple name of the runtime base class in package {@code io.pgmq}. */
    public String runtimeClass() {
        return runtimeClass;
    }

    /**
     * Finds the type with the given manifest name.
     *
     * @param manifestName e.g. {@code text}; case-sensitive
     * @return the type, or empty if none has that name
     */
    public static Optional<PayloadType> fromManifestName(String manifestName) {
        for (PayloadType type : values()) {
            if (type.manifestName().equals(manifestName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
