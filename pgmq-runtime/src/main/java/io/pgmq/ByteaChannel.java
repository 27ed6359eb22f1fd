package io.pgmq;


/**
 * A channel of {@code bytea} payloads, sent and received as {@code byte[]}. Arrays are passed as they are, not
 * copied: do not change one after sending it. Thread-safe; see {@link Channel} for the semantics.
 */
public non-sealed class ByteaChannel extends Channel<byte[]> {

    /**
     * Creates the channel {@code name} in {@code schema}; for generated subclasses. Nothing is checked in the
     * database until the first operation.
     *
     * @param schema the schema of the channel's table and pgmq's functions, 1..63 bytes
     * @param name   the channel's name (lower-case letters, digits and '_', starting with a letter, at most 51 bytes)
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    protected ByteaChannel(String schema, String name) {
        super(schema, name, ByteaCodec.INSTANCE);
    }

    /**
     * Opens the bytea channel {@code name} in schema {@code public}. Nothing is checked in the database until the
     * first operation, which fails with {@link UnknownChannelException} if the channel does not exist.
     *
     * @param name the channel's name
     * @return the channel, thread-safe and reusable
     * @throws IllegalArgumentException if the name breaks the channel-name rule
     */
    public static ByteaChannel of(String name) {
        return new ByteaChannel("public", name);
    }

    /**
     * Opens the bytea channel {@code name} in {@code schema}.
     *
     * @param schema the schema of the channel's table and pgmq's functions
     * @param name   the channel's name
     * @return the channel, thread-safe and reusable
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    public static ByteaChannel of(String schema, String name) {
        return new ByteaChannel(schema, name);
    }
}
