package io.pgmq;

import java.util.Objects;

/**
 * How a {@link JsonChannel} turns its messages into JSON text and back. Generated channels bring their own codec
 * (Jackson's streaming API, no reflection); {@link #jackson(Class)} binds any class of yours with Jackson's
 * {@code ObjectMapper}.
 *
 * <p>Implementations must be thread-safe: a channel uses one codec from every thread. {@link #encode} must return
 * JSON text (the database refuses anything else); {@link #decode} throws any {@link RuntimeException} for JSON it
 * cannot read, and a consumer then moves that message to the dead letters at once, with the exception's message as
 * its last error (a retry would fail the same way).
 *
 * @param <T> the message type
 */
public interface JsonCodec<T> {

    /**
     * Returns {@code value} as JSON text.
     *
     * @throws RuntimeException if the value cannot be written; the send fails with an {@link InvalidPayloadException}
     */
    String encode(T value);

    /**
     * Returns the message that {@code json} holds, never null.
     *
     * @throws RuntimeException if the JSON does not hold a {@code T}; say which field, for the dead letter's error
     */
    T decode(String json);

    /**
     * A codec for {@code type} on Jackson 3 ({@code tools.jackson.core:jackson-databind}, which pgmq-runtime declares
     * optional: add it to your build). Records and beans alike; properties the class does not have are ignored when
     * reading, so a newer producer may add optional fields. Thread-safe.
     *
     * @throws NullPointerException  if {@code type} is null
     * @throws IllegalStateException if Jackson 3 is not on the class path, naming the dependency to add
     */
    static <T> JsonCodec<T> jackson(Class<T> type) {
        Objects.requireNonNull(type, "type");
        try {
            Class.forName("tools.jackson.databind.json.JsonMapper", false, JsonCodec.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("JsonCodec.jackson(" + type.getSimpleName() + ".class) needs Jackson 3 on"
                    + " the class path, which pgmq-runtime declares optional: add the dependency"
                    + " tools.jackson.core:jackson-databind:3.3.0 to your build, or pass a JsonCodec of your own to"
                    + " JsonChannel.of", e);
        }
        return new JacksonCodec<>(type);
    }
}
