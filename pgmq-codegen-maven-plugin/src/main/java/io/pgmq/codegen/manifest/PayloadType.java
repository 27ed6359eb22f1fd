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
    BYTEA("ByteaChannel");

    private final String runtimeClass;

    PayloadType(String runtimeClass) {
        this.runtimeClass = runtimeClass;
    }

    /** Returns the name used in the manifest and in SQL: {@code text}, {@code xml} or {@code bytea}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
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
