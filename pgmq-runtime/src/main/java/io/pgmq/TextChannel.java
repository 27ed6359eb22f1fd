package io.pgmq;


/**
 * A channel of {@code text} payloads, sent and received as {@link String}. Generated channel classes extend it; a
 * channel created from SQL is opened with {@link #of(String)}. Thread-safe; see {@link Channel} for the semantics.
 */
public non-sealed class TextChannel extends Channel<String> {

    /**
     * Creates the channel {@code name} in {@code schema}; for generated subclasses.
     *
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    protected TextChannel(String schema, String name) {
        super(schema, name, TextCodec.INSTANCE);
    }

    /** Opens the text channel {@code name} in schema {@code public}. */
    public static TextChannel of(String name) {
        return new TextChannel("public", name);
    }

    /** Opens the text channel {@code name} in {@code schema}. */
    public static TextChannel of(String schema, String name) {
        return new TextChannel(schema, name);
    }
}
