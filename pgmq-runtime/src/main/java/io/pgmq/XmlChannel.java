package io.pgmq;

import org.jooq.XML;

/**
 * A channel of {@code xml} payloads, sent and received as {@link XML}. The database checks that each payload is
 * well-formed (an {@link InvalidPayloadException} otherwise). Thread-safe; see {@link Channel} for the semantics.
 */
public non-sealed class XmlChannel extends Channel<XML> {

    /**
     * Creates the channel {@code name} in {@code schema}; for generated subclasses.
     *
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    protected XmlChannel(String schema, String name) {
        super(schema, name, XmlCodec.INSTANCE);
    }

    /** Opens the xml channel {@code name} in schema {@code public}. */
    public static XmlChannel of(String name) {
        return new XmlChannel("public", name);
    }

    /** Opens the xml channel {@code name} in {@code schema}. */
    public static XmlChannel of(String schema, String name) {
        return new XmlChannel(schema, name);
    }
}
