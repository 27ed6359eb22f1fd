package io.pgmq;

/**
 * The payload type of a channel, as stored in its queue table and in {@code pg_mq_config_catalog.payload_type}.
 * Immutable and thread-safe, as every enum.
 */
public enum PayloadType {
    /** {@code text}, read and written as {@link String}. */
    TEXT("text"),
    /** {@code xml}, read and written as {@link org.jooq.XML}. */
    XML("xml"),
    /** {@code bytea}, read and written as {@code byte[]}. */
    BYTEA("bytea"),
    /** {@code jsonb}, read and written as a message type of yours through a {@link JsonCodec}. */
    JSONB("jsonb");

    private final String sqlName;

    PayloadType(String sqlName) {
        this.sqlName = sqlName;
    }

    /**
     * Returns the SQL name used by {@code pg_mq_create_queue}: {@code text}, {@code xml}, {@code bytea} or
     * {@code jsonb}.
     *
     * @return the SQL name, never null
     */
    public String sqlName() {
        return sqlName;
    }

    /** The channel class that opens a channel of this type, for messages that name the fix. */
    String channelClass() {
        return switch (this) {
            case TEXT -> "TextChannel";
            case XML -> "XmlChannel";
            case BYTEA -> "ByteaChannel";
            case JSONB -> "JsonChannel";
        };
    }

    /** How to open a channel of this type named {@code name} in {@code schema}, for messages that name the fix. */
    String opening(String schema, String name) {
        return this == JSONB
                ? "JsonChannel.of(\"" + schema + "\", \"" + name + "\", YourMessage.class)"
                : channelClass() + ".of(\"" + name + "\")";
    }

    static PayloadType ofSqlName(String sqlName) {
        for (PayloadType type : values()) {
            if (type.sqlName.equals(sqlName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown payload type: " + sqlName);
    }
}
