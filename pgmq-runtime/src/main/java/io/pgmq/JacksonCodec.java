package io.pgmq;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link JsonCodec#jackson(Class)}: one class bound with Jackson 3's data binding. The only class that refers to
 * Jackson, so the runtime loads and runs without it. Thread-safe: Jackson's readers and writers are immutable.
 *
 * @param <T> the message type
 */
final class JacksonCodec<T> implements JsonCodec<T> {

    /** Shared: a mapper caches what it learns about each class, and building one costs more than a send. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    JacksonCodec(Class<T> type) {
        this.type = type;
        this.reader = MAPPER.readerFor(type);
        this.writer = MAPPER.writerFor(type);
    }

    @Override
    public String encode(T value) {
        return writer.writeValueAsString(value);
    }

    /** @throws IllegalArgumentException naming the field (e.g. {@code lines[0].sku}) and what was wrong with it */
    @Override
    public T decode(String json) {
        try {
            return reader.readValue(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** Jackson's first line (not its source location), after the path to the field it was reading. */
    static String describe(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        String original = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").strip();
        return path.isEmpty() ? original : "field " + path + ": " + original;
    }

    @Override
    public String toString() {
        return "JsonCodec.jackson(" + type.getName() + ")";
    }
}
