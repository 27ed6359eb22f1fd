package io.pgmq;

import org.jooq.XML;

/**
 * A channel of {@code xml} payloads, sent and received as {@link XML}. The database checks that each payload is
 * well-formed (an {@link InvalidPayloadException} otherwise). Thread-safe; see {@link Channel} for the semantics.
 */
public non-sealed class XmlChannel extends Channel<XML> {

    /**
     * Creates the channel {@code name} in {@code schema}; for generated subclasses. Nothing is checked in the
     * database until the first operation.
     *
     * @param schema the schema of the channel's table and pgmq's functions, 1..63 bytes
     * @param name   the channel's name (lower-case letters, digits and '_', starting with a letter, at most 51 bytes)
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    protected XmlChannel(String schema, String name) {
        super(schema, name, XmlCodec.INSTANCE);
    }

    /**
     * Opens the xml channel {@code name} in schema {@code public}. Nothing is checked in the database until the
     * first operation, which fails with {@link UnknownChannelException} if the channel does not exist.
     *
     * @param name the channel's name
     * @return the channel, thread-safe and reusable
     * @throws IllegalArgumentException if the name breaks the channel-name rule
     */
    public static XmlChannel of(String name) {
        return new XmlChannel("public", name);
    }

    /**
     * Opens the xml channel {@code name} in {@code schema}.
     *
     * @param schema the schema of the channel's table and pgmq's functions
     * @param name   the channel's name
     * @return the channel, thread-safe and reusable
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    public static XmlChannel of(String schema, String name) {
        return new XmlChannel(schema, name);
    }
}
