package io.pgmq;

import static io.pgmq.internal.db.tables.PgMqShapeXml.PG_MQ_SHAPE_XML;

import io.pgmq.internal.db.tables.PgMqShapeXml;
import org.jooq.XML;
import org.jooq.impl.DSL;

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
        super(schema, name, PayloadType.XML, (s, channel, table) -> {
            PgMqShapeXml t = PG_MQ_SHAPE_XML.rename(DSL.name(s, table));
            return new ChannelQueries<>(s, channel, t, t.MSG_ID, t.PAYLOAD, t.VISIBLE_AT, true, XML::valueOf,
                    bytes -> {
                        throw new IllegalStateException("xml channels read text");
                    }, XML::data);
        });
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
