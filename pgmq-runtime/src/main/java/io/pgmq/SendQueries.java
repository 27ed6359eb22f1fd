package io.pgmq;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.postgresql.util.PGInterval;

/**
 * The SQL of sending on one channel: the single INSERT that {@code pg_mq_send_message} also runs, and its variants
 * for a delay, an instant and a batch. jOOQ renders each statement once per channel, when the channel is opened; each
 * send runs it as a JDBC prepared statement on the caller's connection, because rendering and jOOQ's record handling
 * cost more per send than PostgreSQL's own work on a one-row insert (bench/README.md, "send"). The codec binds the
 * payloads. Immutable and thread-safe.
 *
 * @param <T> the payload type
 */
final class SendQueries<T> {

    private static final String MSG_ID = "msg_id";

    private final PayloadCodec<T> codec;
    private final String channelName;
    private final String send;
    private final String sendAt;
    private final String sendAfter;
    private final String sendBatch;
    private final String sendWithMetadata;

    SendQueries(ChannelTable table, PayloadCodec<T> codec) {
        this.codec = codec;
        this.channelName = table.channel();
        Field<T> payload = table.column("payload", codec.columnType());
        Field<OffsetDateTime> visibleAt = table.column("visible_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
        Field<Long> msgId = table.column(MSG_ID, SQLDataType.BIGINT);
        Param<T> value = DSL.param("payload", codec.columnType());
        DSLContext render = DSL.using(SQLDialect.POSTGRES);
        this.send = render.render(DSL.insertInto(table.table()).set(payload, value).returningResult(msgId));
        this.sendAt = render.render(DSL.insertInto(table.table()).set(payload, value)
                .set(visibleAt, DSL.param("at", SQLDataType.TIMESTAMPWITHTIMEZONE)).returningResult(msgId));
        this.sendAfter = render.render(DSL.insertInto(table.table()).set(payload, value)
                .set(visibleAt, DSL.field("{0} + {1}", SQLDataType.TIMESTAMPWITHTIMEZONE, DSL.currentOffsetDateTime(),
                        DSL.param("delay", SQLDataType.INTERVALDAYTOSECOND)))
                .returningResult(msgId));
        // One bound array, INSERT ... SELECT unnest(?): the statement's text is the same for every chunk, so it is
        // parsed once, which measured faster than a multi-row VALUES list (bench/README.md, "sendBatch").
        this.sendBatch = render.render(DSL.insertInto(table.table(), payload)
                .select(DSL.select(DSL.field("unnest({0})", codec.wire().dataType(),
                        DSL.param("payloads", codec.wire().dataType().array())).cast(codec.columnType())))
                .returningResult(msgId));
        // Headers and dedup keys go through pg_mq_send_keyed (V13), so that Java and SQL sends share one rule for a
        // taken key (ON CONFLICT DO NOTHING, then the holder, releasing one past the channel's dedup window).
        this.sendWithMetadata = render.render(DSL.select(DSL.field(DSL.name(MSG_ID), SQLDataType.BIGINT),
                        DSL.field(DSL.name("duplicate"), SQLDataType.BOOLEAN))
                .from(table.call("pg_mq_send_keyed", DSL.val(table.channel()),
                        DSL.field("cast({0} as " + codec.wire().cast() + ")", Object.class,
                                DSL.param("payload", codec.columnType())),
                        DSL.field("coalesce({0}, {1} + {2})", SQLDataType.TIMESTAMPWITHTIMEZONE,
                                DSL.param("at", SQLDataType.TIMESTAMPWITHTIMEZONE), DSL.currentOffsetDateTime(),
                                DSL.param("delay", SQLDataType.INTERVALDAYTOSECOND)),
                        DSL.field("cast({0} as jsonb)", Object.class, DSL.param("headers", SQLDataType.CLOB)),
                        DSL.param("dedupKey", SQLDataType.CLOB))));
    }

    /**
     * Sends one message with headers and/or a dedup key ({@code pg_mq_send_keyed}); returns its id, or the id of the
     * message holding the key and {@code duplicate = true}.
     */
    SendResult sendWithMetadata(DSLContext tx, T payload, SendOptions options) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sendWithMetadata)) {
                statement.setString(1, channelName);
                codec.bind(statement, 2, payload);
                statement.setObject(3, options.deliverAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(4, options.delay().map(SendQueries::interval).orElse(null), java.sql.Types.OTHER);
                statement.setString(5, options.headers().toJson());
                statement.setString(6, options.dedupKey().orElse(null));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return new SendResult(rs.getLong(MSG_ID), rs.getBoolean("duplicate"));
                }
            }
        });
    }

    /** Sends one message, ready at once; returns its id. */
    long send(DSLContext tx, T payload) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(send)) {
                codec.bind(statement, 1, payload);
                return singleId(statement);
            }
        });
    }

    /** Sends one message that becomes ready at {@code at}; returns its id. */
    long sendAt(DSLContext tx, T payload, Instant at) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sendAt)) {
                codec.bind(statement, 1, payload);
                statement.setObject(2, at.atOffset(ZoneOffset.UTC));
                return singleId(statement);
            }
        });
    }

    /** Sends one message that becomes ready {@code delay} after now, on the database's clock; returns its id. */
    long sendAfter(DSLContext tx, T payload, Duration delay) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sendAfter)) {
                codec.bind(statement, 1, payload);
                statement.setObject(2, interval(delay));
                return singleId(statement);
            }
        });
    }

    /**
     * Sends messages in one INSERT per {@link Channel#MAX_BATCH}; returns their ids in input order (identity values
     * are assigned in row order, and each chunk's ids increase).
     */
    List<Long> sendBatch(DSLContext tx, List<? extends T> payloads) {
        List<Long> ids = new ArrayList<>(payloads.size());
        for (int from = 0; from < payloads.size(); from += Channel.MAX_BATCH) {
            ids.addAll(sendChunk(tx, payloads.subList(from, Math.min(payloads.size(), from + Channel.MAX_BATCH))));
        }
        return ids;
    }

    private List<Long> sendChunk(DSLContext tx, List<? extends T> payloads) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sendBatch)) {
                codec.bindArray(statement, 1, payloads);
                List<Long> ids = new ArrayList<>(payloads.size());
                try (ResultSet rs = statement.executeQuery()) {
                    int msgId = rs.findColumn(MSG_ID);
                    while (rs.next()) {
                        ids.add(rs.getLong(msgId));
                    }
                }
                ids.sort(null);
                return ids;
            }
        });
    }

    /** A duration as a PostgreSQL interval parameter, to the microsecond. */
    static PGInterval interval(Duration duration) {
        return new PGInterval(0, 0, 0, 0, 0, duration.getSeconds() + duration.getNano() / 1e9);
    }

    private static long singleId(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(MSG_ID);
        }
    }
}
