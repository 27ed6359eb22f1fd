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
        // Headers and dedup keys (V13): one statement, the INSERT and, only when it inserted nothing (the key is
        // taken), pg_mq_dedup_holder, which finds the holder in a snapshot of its own (so it sees a holder that
        // committed while this INSERT waited) or releases one past the channel's dedup window and returns NULL
        // (sendWithMetadata then runs the statement again). pg_mq_send_keyed does the same for SQL callers; a
        // prepared statement here saves its dynamic SQL on every send (bench/RESULTS.md, MetadataBench).
        // Headers were checked when they were built; the table's CHECK constraint holds them to the same rule.
        Field<String> headers = table.column("headers", SQLDataType.CLOB);
        Field<String> dedupKey = table.column("dedup_key", SQLDataType.CLOB);
        String insert = render.render(DSL.insertInto(table.table(), payload, visibleAt, headers, dedupKey)
                .values(value,
                        DSL.field("coalesce({0}, {1} + {2}, {1})", SQLDataType.TIMESTAMPWITHTIMEZONE,
                                DSL.param("at", SQLDataType.TIMESTAMPWITHTIMEZONE), DSL.currentOffsetDateTime(),
                                DSL.param("delay", SQLDataType.INTERVALDAYTOSECOND)),
                        DSL.field("cast({0} as jsonb)", SQLDataType.CLOB, DSL.param("headers", SQLDataType.CLOB)),
                        DSL.param("dedupKey", SQLDataType.CLOB))
                .onConflictDoNothing()
                .returningResult(msgId));
        this.sendWithMetadata = "WITH inserted AS (" + insert + ") SELECT inserted.msg_id, false AS duplicate"
                + " FROM inserted UNION ALL "
                + render.render(DSL.select(table.function("pg_mq_dedup_holder", SQLDataType.BIGINT,
                                DSL.val(table.channel()), DSL.param("key", SQLDataType.CLOB)).as(MSG_ID),
                        DSL.inline(true).as("duplicate"))
                        .where(DSL.field("NOT EXISTS (SELECT 1 FROM inserted)", SQLDataType.BOOLEAN)));
    }

    /**
     * Sends one message with headers and/or a dedup key ({@code pg_mq_send_keyed}); returns its id, or the id of the
     * message holding the key and {@code duplicate = true}.
     */
    SendResult sendWithMetadata(DSLContext tx, T payload, SendOptions options) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sendWithMetadata)) {
                codec.bind(statement, 1, payload);
                statement.setObject(2, options.deliverAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(3, options.delay().map(SendQueries::interval).orElse(null), java.sql.Types.OTHER);
                statement.setString(4, options.headers().toJson());
                statement.setString(5, options.dedupKey().orElse(null));
                statement.setString(6, channelName);
                statement.setString(7, options.dedupKey().orElse(null));
                // the holder may be released (window passed) or deleted (acked) between the INSERT and the look-up
                for (int attempt = 0; attempt < 3; attempt++) {
                    try (ResultSet rs = statement.executeQuery()) {
                        if (rs.next() && !(rs.getObject(MSG_ID) == null)) {
                            return new SendResult(rs.getLong(MSG_ID), rs.getBoolean("duplicate"));
                        }
                    }
                }
                throw new java.sql.SQLTransientException("channel \"" + channelName + "\": dedup key "
                        + options.dedupKey().orElse("") + " is taken, but its holder keeps changing; retry the"
                        + " transaction", "40001");
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
