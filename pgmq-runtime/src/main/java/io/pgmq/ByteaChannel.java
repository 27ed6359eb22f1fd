package io.pgmq;


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
        super(schema, name, ByteaCodec.INSTANCE);
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
