package io.pgmq;

import static io.pgmq.internal.db.tables.PgMqShapeXml.PG_MQ_SHAPE_XML;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jooq.DataType;
import org.jooq.XML;

/**
 * {@code xml} payloads as jOOQ's {@link XML}: they travel as text and the statements cast them to {@code xml}, so
 * the server checks that each is well-formed. Stateless; one instance.
 */
final class XmlCodec implements PayloadCodec<XML> {

    static final XmlCodec INSTANCE = new XmlCodec();

    private XmlCodec() {
    }

    @Override
    public PayloadType type() {
        return PayloadType.XML;
    }

    @Override
    public DataType<XML> columnType() {
        return PG_MQ_SHAPE_XML.PAYLOAD.getDataType();
    }

    @Override
    public Wire wire() {
        return Wire.TEXT;
    }

    @Override
    public void bind(PreparedStatement statement, int index, XML payload) throws SQLException {
        statement.setString(index, payload.data());
    }

    @Override
    public XML read(ResultSet result, int column) throws SQLException {
        return XML.valueOf(result.getString(column));
    }

    @Override
    public Object wireValue(XML payload) {
        return payload.data();
    }
}
