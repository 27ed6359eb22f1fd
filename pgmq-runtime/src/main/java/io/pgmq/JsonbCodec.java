package io.pgmq;

import static io.pgmq.internal.db.tables.PgMqShapeJsonb.PG_MQ_SHAPE_JSONB;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.JSONB;

/**
 * {@code jsonb} payloads as {@code T}: they travel as JSON text (the statements cast them to {@code jsonb}, so the
 * server checks the JSON and the channel's json contract), written and read by a {@link JsonCodec}. A payload the
 * codec cannot read is {@link Undecodable}: the receiving statement makes it a dead letter instead of handing it out.
 * Immutable; thread-safe if the codec is.
 *
 * @param <T> the message type
 */
final class JsonbCodec<T> implements PayloadCodec<T> {

    private final String channel;
    private final JsonCodec<T> json;
    private final DataType<T> columnType;

    @SuppressWarnings("unchecked")
    JsonbCodec(String channel, JsonCodec<T> json) {
        this.channel = channel;
        this.json = json;
        // the statements render the column's type (jsonb); the converter only lets jOOQ type them as T
        Class<T> any = (Class<T>) (Class<?>) Object.class;
        this.columnType = PG_MQ_SHAPE_JSONB.PAYLOAD.getDataType().asConvertedDataType(Converter.ofNullable(JSONB.class,
                any, j -> json.decode(j.data()), t -> JSONB.valueOf(json.encode(t))));
    }

    @Override
    public PayloadType type() {
        return PayloadType.JSONB;
    }

    @Override
    public DataType<T> columnType() {
        return columnType;
    }

    @Override
    public Wire wire() {
        return Wire.TEXT;
    }

    @Override
    public void bind(PreparedStatement statement, int index, T payload) throws SQLException {
        statement.setString(index, encode(payload));
    }

    @Override
    public T read(ResultSet result, int column) throws SQLException {
        String text = result.getString(column);
        T message;
        try {
            message = json.decode(text);
        } catch (RuntimeException e) {
            throw new Undecodable(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        if (message == null) {
            throw new Undecodable(json + " decoded the payload to null", null);
        }
        return message;
    }

    @Override
    public Object wireValue(T payload) {
        return encode(payload);
    }

    private String encode(T payload) {
        String text;
        try {
            text = json.encode(payload);
        } catch (RuntimeException e) {
            throw new InvalidPayloadException(channel, "channel \"" + channel + "\": send failed: the payload cannot"
                    + " be written as JSON by " + json + ": " + e.getMessage(), null, e);
        }
        if (text == null) {
            throw new InvalidPayloadException(channel, "channel \"" + channel + "\": send failed: " + json
                    + " wrote the payload as null; a JsonCodec must return JSON text", null, null);
        }
        return text;
    }
}
