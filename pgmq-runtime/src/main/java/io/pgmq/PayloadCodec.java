package io.pgmq;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.IntFunction;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;

/**
 * How one payload type crosses between Java and its queue table: the column's SQL type (the casts a statement needs),
 * how a value is bound to a JDBC statement and read from a result, and how it travels ({@link Wire}: as text or as
 * bytes, which picks the text or bytea variant of pgmq-schema's functions). The query classes hold a codec and never
 * branch on the payload type; a new payload type is one more codec (and its channel class).
 *
 * @param <T> the Java type of the payload
 */
sealed interface PayloadCodec<T> permits TextCodec, XmlCodec, ByteaCodec, JsonbCodec {

    /** The payload type, as the catalog names it. */
    PayloadType type();

    /** The type of the queue table's payload column, as jOOQ generated it from pgmq-schema's shape table. */
    DataType<T> columnType();

    /** How payloads travel to and from the server. */
    Wire wire();

    /** Binds {@code payload} as parameter {@code index}, in the {@link #wire} form. */
    void bind(PreparedStatement statement, int index, T payload) throws SQLException;

    /**
     * Reads the payload in column {@code column} of the current row, in the {@link #wire} form.
     *
     * @throws Undecodable if the payload cannot be read as a {@code T} (the receiving statement dead-letters it)
     */
    T read(ResultSet result, int column) throws SQLException;

    /** Binds many payloads as one SQL array parameter of the {@link #wire} type (for {@code unnest}). */
    default void bindArray(PreparedStatement statement, int index, List<? extends T> payloads) throws SQLException {
        Object[] values = wire().newArray(payloads.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = wireValue(payloads.get(i));
        }
        Connection connection = statement.getConnection();
        Array array = connection.createArrayOf(wire().cast(), values);
        statement.setArray(index, array);
    }

    /** The payload as it travels: a {@link String} for {@link Wire#TEXT}, a {@code byte[]} for {@link Wire#BYTES}. */
    Object wireValue(T payload);

    /**
     * The two ways a payload travels. pgmq-schema's functions come in a text and a bytea variant
     * ({@code pg_mq_get_msg_text}/{@code _bin}, the cast {@code pg_mq_claim_sql} writes); xml and jsonb travel as
     * text.
     */
    enum Wire {
        /** As {@code text}: text, xml and jsonb payloads. */
        TEXT("text", "pg_mq_get_msg_text", SQLDataType.CLOB, String[]::new),
        /** As {@code bytea}: bytea payloads. */
        BYTES("bytea", "pg_mq_get_msg_bin", SQLDataType.BLOB, byte[][]::new);

        private final String cast;
        private final String receiveFunction;
        private final DataType<?> dataType;
        private final IntFunction<Object[]> arrays;

        Wire(String cast, String receiveFunction, DataType<?> dataType, IntFunction<Object[]> arrays) {
            this.cast = cast;
            this.receiveFunction = receiveFunction;
            this.dataType = dataType;
            this.arrays = arrays;
        }

        /** An array of the wire values' Java type, as pgjdbc binds it: {@code String[]} or {@code byte[][]}. */
        Object[] newArray(int size) {
            return arrays.apply(size);
        }

        /** The wire type as jOOQ names it, for statements that cast to or from it. */
        DataType<?> dataType() {
            return dataType;
        }

        /** The SQL type payloads travel as: the cast in pgmq-schema's claim statements, the element of a batch. */
        String cast() {
            return cast;
        }

        /** The at-most-once getter of this form. */
        String receiveFunction() {
            return receiveFunction;
        }
    }
}
