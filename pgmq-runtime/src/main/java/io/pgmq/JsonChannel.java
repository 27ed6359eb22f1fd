package io.pgmq;

import java.util.Objects;

/**
 * A channel of {@code jsonb} payloads, sent and received as {@code T} through a {@link JsonCodec}. Generated channel
 * classes extend it with their message's record and codec; a channel created from SQL is opened with
 * {@link #of(String, String, Class)} (Jackson) or {@link #of(String, String, JsonCodec)}.
 *
 * <p>The database stores jsonb and may hold a json contract ({@code pg_mq_set_json_contract}): a message that breaks
 * it is refused with an {@link InvalidPayloadException} naming the constraint, {@code pgmq_<message>_<field>}. A
 * received message whose payload the codec cannot decode is not handed out: it becomes a dead letter at once, its last
 * error naming the channel, the message id and the decoding error. Thread-safe if the codec is; see {@link Channel}
 * for the semantics.
 *
 * @param <T> the message type
 */
public non-sealed class JsonChannel<T> extends Channel<T> {

    private final JsonCodec<T> codec;

    /**
     * Creates the channel {@code name} in {@code schema} with {@code codec}; for generated subclasses.
     *
     * @throws NullPointerException     if {@code codec} is null
     * @throws IllegalArgumentException if the name breaks the channel-name rule or the schema is empty
     */
    protected JsonChannel(String schema, String name, JsonCodec<T> codec) {
        super(schema, name, new JsonbCodec<>(name, Objects.requireNonNull(codec, "codec")));
        this.codec = codec;
    }

    /** The codec this channel writes and reads its messages' JSON with (for gateways that move the JSON as is). */
    public final JsonCodec<T> codec() {
        return codec;
    }

    /**
     * Opens the json channel {@code name} in {@code schema}, its messages bound to {@code type} by Jackson
     * ({@link JsonCodec#jackson(Class)}).
     *
     * @throws IllegalStateException if Jackson 3 is not on the class path
     */
    public static <T> JsonChannel<T> of(String schema, String name, Class<T> type) {
        return new JsonChannel<>(schema, name, JsonCodec.jackson(type));
    }

    /** Opens the json channel {@code name} in {@code schema} with {@code codec}. */
    public static <T> JsonChannel<T> of(String schema, String name, JsonCodec<T> codec) {
        return new JsonChannel<>(schema, name, codec);
    }
}
