package io.pgmq;

import static io.pgmq.internal.db.tables.PgMqShapeBytea.PG_MQ_SHAPE_BYTEA;

import io.pgmq.internal.db.tables.PgMqShapeBytea;
import java.util.function.Function;
import org.jooq.impl.DSL;

/**
 * A channel of {@code bytea} payloads, sent and received as {@code byte[]}. Arrays are passed as they are, not
 * copied: do not change one after sending it. Thread-safe; see {@link Channel} for the semantics.
 */
public non-sealed class ByteaChannel extends Channel<byte[]> {

    /**
     * Creates the channel {@code name} in {@code schema}; for generated subclasses.
     *
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    protected ByteaChannel(String schema, String name) {
        super(schema, name, PayloadType.BYTEA, (s, channel, table) -> {
            PgMqShapeBytea t = PG_MQ_SHAPE_BYTEA.rename(DSL.name(s, table));
            return new ChannelQueries<>(s, channel, t, t.MSG_ID, t.PAYLOAD, t.VISIBLE_AT, false,
                    text -> {
                        throw new IllegalStateException("bytea channels read bytes");
                    }, Function.identity(), null);
        });
    }

    /** Opens the bytea channel {@code name} in schema {@code public}. */
    public static ByteaChannel of(String name) {
        return new ByteaChannel("public", name);
    }

    /** Opens the bytea channel {@code name} in {@code schema}. */
    public static ByteaChannel of(String schema, String name) {
        return new ByteaChannel(schema, name);
    }
}
