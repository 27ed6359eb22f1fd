package io.pgmq;

import static io.pgmq.internal.db.tables.PgMqConfigCatalog.PG_MQ_CONFIG_CATALOG;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The statements of one channel's hot path, as pgmq-schema writes them ({@code pg_mq_claim_sql},
 * {@code pg_mq_ack_sql}, {@code pg_mq_claim_locked_sql}, {@code pg_mq_complete_sql}: what {@code pg_mq_claim_text},
 * {@code pg_mq_ack} and friends execute), read from the catalog together with the channel's payload type when the
 * channel is verified ({@link #read}). Each runs as a JDBC prepared statement: the driver keeps it prepared on the
 * connection and PostgreSQL keeps one plan for it, where the functions' {@code EXECUTE} plans on every call. Result
 * columns are read by name. Immutable and thread-safe.
 *
 * @param <T> the payload type
 */
final class ClaimStatements<T> {

    private final ChannelTable table;
    private final String channel;
    private final PayloadCodec<T> codec;
    private final Placeholders.Batched claim;
    private final Placeholders.Batched claimLocked;
    private final String ack;
    private final String complete;

    private ClaimStatements(ChannelTable table, PayloadCodec<T> codec, Record row, Fields fields) {
        this.table = table;
        this.channel = table.channel();
        this.codec = codec;
        this.claim = Placeholders.batched(row.get(fields.claimOne), row.get(fields.claimTwo), 2);
        this.claimLocked = Placeholders.batched(row.get(fields.lockedOne), row.get(fields.lockedTwo), 1);
        this.ack = Placeholders.toJdbc(row.get(fields.ack), 3);
        this.complete = Placeholders.toJdbc(row.get(fields.complete), 2);
    }

    /**
     * The channel's catalog row: its payload type, and its statements written for {@code codec}'s wire form.
     *
     * @param payloadType the payload type the catalog records
     * @param statements  the channel's statements
     * @param <T>         the payload type the channel was opened with
     */
    record CatalogRow<T>(String payloadType, ClaimStatements<T> statements) {
    }

    /** Reads the channel's catalog row in one query; empty when the catalog has no such channel. */
    static <T> Optional<CatalogRow<T>> read(DSLContext tx, ChannelTable table, PayloadCodec<T> codec) {
        Fields fields = new Fields(table, codec);
        Record row = tx.select(fields.payloadType, fields.ack, fields.complete, fields.claimOne, fields.claimTwo,
                        fields.lockedOne, fields.lockedTwo)
                .from(table.schemaTable(PG_MQ_CONFIG_CATALOG.getName()))
                .where(catalogColumn(table, PG_MQ_CONFIG_CATALOG.CHANNEL).eq(table.channel())).fetchOne();
        return Optional.ofNullable(row).map(r -> new CatalogRow<>(r.get(fields.payloadType),
                new ClaimStatements<>(table, codec, r, fields)));
    }

    /**
     * Checks the catalog, that the channel exists with {@code codec}'s payload type, and returns its statements.
     *
     * @throws UnknownChannelException      if the catalog has no such channel
     * @throws PayloadTypeMismatchException if it holds another payload type, naming the class to open it with
     */
    static <T> ClaimStatements<T> verify(DSLContext tx, ChannelTable table, PayloadCodec<T> codec) {
        String name = table.channel();
        CatalogRow<T> row = read(tx, table, codec).orElseThrow(() -> new UnknownChannelException(name, "channel \""
                + name + "\" does not exist in schema \"" + table.schema() + "\" (create it with pg_mq_create_queue or"
                + " declare it in the manifest)", "PQ001", null));
        String expected = codec.type().sqlName();
        if (!row.payloadType().equals(expected)) {
            PayloadType actual = PayloadType.ofSqlName(row.payloadType());
            throw new PayloadTypeMismatchException(name, "channel \"" + name + "\" holds " + actual.sqlName()
                    + " payloads, not " + expected + "; open it as " + actual.opening(table.schema(), name),
                    "PQ004", null);
        }
        return row.statements();
    }

    /**
     * Claims up to {@code max} ready messages for {@code lease}; see {@link Channel#claim}. A message whose payload
     * cannot be decoded is not returned: it becomes a dead letter ({@link PoisonMessages}).
     */
    List<Delivery<T>> claim(DSLContext tx, int max, Duration lease) {
        return tx.connectionResult(connection -> {
            List<Delivery<T>> deliveries = new ArrayList<>(max);
            PoisonMessages poison = new PoisonMessages(table);
            try (PreparedStatement statement = connection.prepareStatement(claim.forBatch(max))) {
                statement.setString(1, channel);
                statement.setObject(2, SendQueries.interval(lease));
                try (ResultSet rs = statement.executeQuery()) {
                    Columns c = new Columns(rs);
                    while (rs.next()) {
                        long msgId = rs.getLong(c.msgId);
                        UUID token = rs.getObject(c.leaseToken, UUID.class);
                        try {
                            deliveries.add(new Delivery<>(channel, msgId, rs.getInt(c.attempt), token,
                                    instant(rs, c.leaseExpiresAt), instant(rs, c.sentAt), rs.getString(c.sentBy),
                                    Optional.ofNullable(rs.getString(c.lastError)), codec.read(rs, c.payload),
                                    c.headers(rs)));
                        } catch (Undecodable e) {
                            poison.add(msgId, token, e);
                        }
                    }
                }
            }
            poison.reject(connection, false);
            return deliveries;
        });
    }

    /** Acks the deliveries whose lease is still held, in one statement; returns the ids acked. */
    List<Long> ack(DSLContext tx, Collection<? extends Delivery<?>> deliveries) {
        Long[] ids = new Long[deliveries.size()];
        UUID[] tokens = new UUID[deliveries.size()];
        int i = 0;
        for (Delivery<?> delivery : deliveries) {
            ids[i] = delivery.msgId();
            tokens[i++] = delivery.leaseToken();
        }
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(ack)) {
                statement.setString(1, channel);
                statement.setArray(2, connection.createArrayOf("int8", ids));
                statement.setArray(3, connection.createArrayOf("uuid", tokens));
                return ids(statement, ids.length);
            }
        });
    }

    /**
     * Claims up to {@code max} ready messages locked by the caller's transaction; see {@link Channel#claimLocked}.
     *
     * A message whose payload cannot be decoded is not returned: it becomes a dead letter when the transaction commits.
     *
     * @throws IllegalStateException if the connection is in autocommit: the lock would end before the call returns
     */
    List<LockedDelivery<T>> claimLocked(DSLContext tx, int max) {
        return tx.connectionResult(connection -> {
            if (connection.getAutoCommit()) {
                throw new IllegalStateException("channel \"" + channel + "\": claimLocked needs a transaction: its"
                        + " row locks last until the transaction ends, and in autocommit that is before the call"
                        + " returns; call it inside dsl.transaction(...), or use claim for a lease");
            }
            List<LockedDelivery<T>> deliveries = new ArrayList<>(max);
            PoisonMessages poison = new PoisonMessages(table);
            try (PreparedStatement statement = connection.prepareStatement(claimLocked.forBatch(max))) {
                statement.setString(1, channel);
                try (ResultSet rs = statement.executeQuery()) {
                    Columns c = new Columns(rs);
                    while (rs.next()) {
                        long msgId = rs.getLong(c.msgId);
                        try {
                            deliveries.add(new LockedDelivery<>(channel, msgId, rs.getInt(c.attempt),
                                    instant(rs, c.sentAt), rs.getString(c.sentBy),
                                    Optional.ofNullable(rs.getString(c.lastError)), codec.read(rs, c.payload),
                                    c.headers(rs)));
                        } catch (Undecodable e) {
                            poison.add(msgId, null, e);
                        }
                    }
                }
            }
            poison.reject(connection, false);
            return deliveries;
        });
    }

    /** Completes the locked deliveries the caller's transaction holds, in one statement; returns the ids completed. */
    List<Long> complete(DSLContext tx, Collection<? extends LockedDelivery<?>> deliveries) {
        Long[] ids = deliveries.stream().map(LockedDelivery::msgId).toArray(Long[]::new);
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(complete)) {
                statement.setString(1, channel);
                statement.setArray(2, connection.createArrayOf("int8", ids));
                return ids(statement, ids.length);
            }
        });
    }

    /** A column of the catalog in the channel's schema, with the type jOOQ generated for it. */
    private static <X> Field<X> catalogColumn(ChannelTable table, Field<X> column) {
        return DSL.field(DSL.name(table.schema(), PG_MQ_CONFIG_CATALOG.getName(), column.getName()),
                column.getDataType());
    }

    private static List<Long> ids(PreparedStatement statement, int expected) throws SQLException {
        List<Long> ids = new ArrayList<>(expected);
        try (ResultSet rs = statement.executeQuery()) {
            int msgId = rs.findColumn("msg_id");
            while (rs.next()) {
                ids.add(rs.getLong(msgId));
            }
        }
        return ids;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /**
     * The columns of a claim's result, found by name once per result, so that a migration that reorders the
     * statement's columns cannot swap fields. A locked claim has no lease columns (their index stays 0, unread).
     */
    private static final class Columns {

        final int msgId;
        final int attempt;
        final int leaseToken;
        final int leaseExpiresAt;
        final int sentAt;
        final int sentBy;
        final int lastError;
        final int payload;
        final int headers;

        Columns(ResultSet rs) throws SQLException {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, Integer> byName = new HashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                byName.put(meta.getColumnLabel(i), i);
            }
            msgId = required(byName, "msg_id");
            attempt = required(byName, "attempt");
            leaseToken = byName.getOrDefault("lease_token", 0);
            leaseExpiresAt = byName.getOrDefault("lease_expires_at", 0);
            sentAt = required(byName, "sent_at");
            sentBy = required(byName, "sent_by");
            lastError = required(byName, "last_error");
            payload = required(byName, "payload");
            headers = byName.getOrDefault("headers", 0);
        }

        /** The row's headers (V13), empty when the statement has no such column. */
        Headers headers(ResultSet rs) throws SQLException {
            return headers == 0 ? Headers.empty() : Headers.fromJson(rs.getString(headers));
        }

        private static int required(Map<String, Integer> byName, String column) throws SQLException {
            Integer index = byName.get(column);
            if (index == null) {
                throw new SQLException("pgmq's claim statement returned no column \"" + column + "\" (columns: "
                        + byName.keySet() + "): the installed pgmq-schema does not match this runtime; migrate the"
                        + " database to this runtime's pgmq-schema version", "42703");
            }
            return index;
        }
    }

    /** The catalog query's columns: the payload type and the statements pgmq-schema writes for this table. */
    private static final class Fields {

        final Field<String> payloadType;
        final Field<String> ack;
        final Field<String> complete;
        final Field<String> claimOne;
        final Field<String> claimTwo;
        final Field<String> lockedOne;
        final Field<String> lockedTwo;

        Fields(ChannelTable table, PayloadCodec<?> codec) {
            Field<String> tableName = catalogColumn(table, PG_MQ_CONFIG_CATALOG.TABLE_NAME);
            Field<String> cast = DSL.val(codec.wire().cast());
            payloadType = catalogColumn(table, PG_MQ_CONFIG_CATALOG.PAYLOAD_TYPE);
            // ack first: on a pgmq-schema older than this runtime, the first missing function names the problem
            ack = table.function("pg_mq_ack_sql", SQLDataType.CLOB, tableName).as("ack");
            complete = table.function("pg_mq_complete_sql", SQLDataType.CLOB, tableName).as("complete");
            claimOne = table.function("pg_mq_claim_sql", SQLDataType.CLOB, tableName, cast, DSL.val(1)).as("claim_1");
            claimTwo = table.function("pg_mq_claim_sql", SQLDataType.CLOB, tableName, cast, DSL.val(2)).as("claim_2");
            lockedOne = table.function("pg_mq_claim_locked_sql", SQLDataType.CLOB, tableName, cast, DSL.val(1))
                    .as("locked_1");
            lockedTwo = table.function("pg_mq_claim_locked_sql", SQLDataType.CLOB, tableName, cast, DSL.val(2))
                    .as("locked_2");
        }
    }
}
