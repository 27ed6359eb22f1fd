package io.pgmq;

import static io.pgmq.internal.db.tables.PgMqShapeText.PG_MQ_SHAPE_TEXT;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jooq.DataType;

/** {@code text} payloads as {@link String}. Stateless; one instance. */
final class TextCodec implements PayloadCodec<String> {

    static final TextCodec INSTANCE = new TextCodec();

    private TextCodec() {
    }

    @Override
    public PayloadType type() {
        return PayloadType.TEXT;
    }

    @Override
    public DataType<String> columnType() {
        return PG_MQ_SHAPE_TEXT.PAYLOAD.getDataType();
    }

    @Override
    public Wire wire() {
        return Wire.TEXT;
    }

    @Override
    public void bind(PreparedStatement statement, int index, String payload) throws SQLException {
        statement.setString(index, payload);
    }

    @Override
    public String read(ResultSet result, int column) throws SQLException {
        return result.getString(column);
    }

    @Override
    public Object wireValue(String payload) {
        return payload;
    }
}
