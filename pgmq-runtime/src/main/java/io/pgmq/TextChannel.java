package io.pgmq;


/**
 * A channel of {@code text} payloads, sent and received as {@link String}. Generated channel classes extend it; a
 * channel created from SQL is opened with {@link #of(String)}. Thread-safe; see {@link Channel} for the semantics.
 */
public non-sealed class TextChannel extends Channel<String> {

    /**
     * Creates the channel {@code name} in {@code schema}; for generated subclasses. Nothing is checked in the
     * database until the first operation.
     *
     * @param schema the schema of the channel's table and pgmq's functions, 1..63 bytes
     * @param name   the channel's name (lower-case letters, digits and '_', starting with a letter, at most 51 bytes)
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    protected TextChannel(String schema, String name) {
        super(schema, name, TextCodec.INSTANCE);
    }

    /**
     * Opens the text channel {@code name} in schema {@code public}. Nothing is checked in the database until the
     * first operation, which fails with {@link UnknownChannelException} if the channel does not exist.
     *
     * @param name the channel's name
     * @return the channel, thread-safe and reusable
     * @throws IllegalArgumentException if the name breaks the channel-name rule
     */
    public static TextChannel of(String name) {
        return new TextChannel("public", name);
    }

    /**
     * Opens the text channel {@code name} in {@code schema}.
     *
     * @param schema the schema of the channel's table and pgmq's functions
     * @param name   the channel's name
     * @return the channel, thread-safe and reusable
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    public static TextChannel of(String schema, String name) {
        return new TextChannel(schema, name);
    }
}
