package io.pgmq;

import static io.pgmq.internal.db.tables.PgMqShapeBytea.PG_MQ_SHAPE_BYTEA;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jooq.DataType;

/** {@code bytea} payloads as {@code byte[]}, passed as they are (not copied). Stateless; one instance. */
final class ByteaCodec implements PayloadCodec<byte[]> {

    static final ByteaCodec INSTANCE = new ByteaCodec();

    private ByteaCodec() {
    }

    @Override
    public PayloadType type() {
        return PayloadType.BYTEA;
    }

    @Override
    public DataType<byte[]> columnType() {
        return PG_MQ_SHAPE_BYTEA.PAYLOAD.getDataType();
    }

    @Override
    public Wire wire() {
        return Wire.BYTES;
    }

    @Override
    public void bind(PreparedStatement statement, int index, byte[] payload) throws SQLException {
        statement.setBytes(index, payload);
    }

    @Override
    public byte[] read(ResultSet result, int column) throws SQLException {
        return result.getBytes(column);
    }

    @Override
    public Object wireValue(byte[] payload) {
        return payload;
    }
}
