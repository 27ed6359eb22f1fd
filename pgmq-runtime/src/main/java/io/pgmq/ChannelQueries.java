package io.pgmq;

import static io.pgmq.internal.db.tables.PgMqConfigCatalog.PG_MQ_CONFIG_CATALOG;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep2;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.types.DayToSecond;
import org.postgresql.util.PGInterval;

/**
 * All SQL one channel runs, in one place. Sending is the single INSERT that {@code pg_mq_send_message} also runs,
 * on the channel's table (a jOOQ-generated shape renamed to {@code "<schema>"."pg_mq_queue_<channel>"}); every
 * receive-side semantic is a call of pgmq-schema's functions, so Java and psql behave the same. Names are always
 * {@link Name}s, values always bound.
 *
 * @param <T> the payload type
 */
final class ChannelQueries<T> {

    private static final Field<Long> MSG_ID = DSL.field(DSL.name("msg_id"), SQLDataType.BIGINT);
    private static final Field<String> SENT_BY = DSL.field(DSL.name("sent_by"), SQLDataType.VARCHAR);
    private static final Field<OffsetDateTime> SENT_AT = DSL.field(DSL.name("sent_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<Integer> ATTEMPTS = DSL.field(DSL.name("attempts"), SQLDataType.INTEGER);
    private static final Field<String> LAST_ERROR = DSL.field(DSL.name("last_error"), SQLDataType.CLOB);
    private static final Field<Boolean> DEAD = DSL.field(DSL.name("dead"), SQLDataType.BOOLEAN);
    private static final Field<OffsetDateTime> VISIBLE_AT_RESULT =
            DSL.field(DSL.name("visible_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> DEAD_AT = DSL.field(DSL.name("dead_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<String> TEXT_PAYLOAD = DSL.field(DSL.name("payload"), SQLDataType.CLOB);
    private static final Field<byte[]> BIN_PAYLOAD = DSL.field(DSL.name("payload"), SQLDataType.BLOB);

    private final String schema;
    private final String channel;
    private final Table<?> table;
    private final Field<Long> msgId;
    private final Field<T> payload;
    private final Field<OffsetDateTime> visibleAt;
    private final boolean readsAsText;
    private final Function<String, T> fromText;
    private final Function<byte[], T> fromBytes;
    private final Function<T, String> toText;
    private final Table<?> catalog;
    private final Field<String> catalogChannel;
    private final Field<String> catalogTableName;
    private final Field<String> catalogPayloadType;
    private final String sendSql;
    private final String sendBatchSql;
    private volatile String ackStatement;
    private final Map<Integer, String> claimStatements = new ConcurrentHashMap<>();
    private final Map<Integer, String> lockedClaimStatements = new ConcurrentHashMap<>();
    private volatile String completeStatement;

    ChannelQueries(String schema, String channel, Table<?> table, Field<Long> msgId, Field<T> payload,
                   Field<OffsetDateTime> visibleAt, boolean readsAsText, Function<String, T> fromText,
                   Function<byte[], T> fromBytes, Function<T, String> toText) {
        this.schema = schema;
        this.channel = channel;
        // jOOQ's Table.rename keeps only the last part of a qualified name, so the generated shape's table and fields
        // are re-made here under "<schema>"."<table>", keeping their generated data types: no statement may depend
        // on the session's search_path
        this.table = DSL.table(DSL.name(schema, table.getName()));
        this.msgId = qualified(msgId, schema, table.getName());
        this.payload = qualified(payload, schema, table.getName());
        this.visibleAt = qualified(visibleAt, schema, table.getName());
        this.readsAsText = readsAsText;
        this.fromText = fromText;
        this.fromBytes = fromBytes;
        this.toText = toText;
        String catalogName = PG_MQ_CONFIG_CATALOG.getName();
        this.catalog = DSL.table(DSL.name(schema, catalogName));
        this.catalogChannel = qualified(PG_MQ_CONFIG_CATALOG.CHANNEL, schema, catalogName);
        this.catalogTableName = qualified(PG_MQ_CONFIG_CATALOG.TABLE_NAME, schema, catalogName);
        this.catalogPayloadType = qualified(PG_MQ_CONFIG_CATALOG.PAYLOAD_TYPE, schema, catalogName);
        this.sendSql = DSL.using(SQLDialect.POSTGRES).render(
                DSL.insertInto(this.table).set(this.payload, DSL.param("payload", this.payload.getDataType()))
                        .returningResult(this.msgId));
        this.sendBatchSql = DSL.using(SQLDialect.POSTGRES).render(
                DSL.insertInto(this.table, this.payload)
                        .select(DSL.select(DSL.field("unnest({0})", SQLDataType.CLOB,
                                DSL.param("payloads", SQLDataType.CLOB.array())).cast(this.payload.getDataType())))
                        .returningResult(this.msgId));
    }

    /**
     * Reads the channel's catalog row: returns its payload type, or empty when the catalog has no such channel, and
     * keeps the channel's ack statement ({@code pg_mq_ack_sql}) for {@link #ack}.
     */
    Optional<String> load(DSLContext tx) {
        Field<String> ackSql = function("pg_mq_ack_sql", SQLDataType.CLOB, catalogTableName);
        Record r = tx.select(catalogPayloadType, ackSql).from(catalog).where(catalogChannel.eq(channel)).fetchOne();
        if (r == null) {
            return Optional.empty();
        }
        ackStatement = Placeholders.toJdbc(r.get(ackSql), 3);
        return Optional.of(r.get(catalogPayloadType));
    }

    /**
     * The single INSERT, rendered by jOOQ once per channel ({@link #sendSql}) and run as a JDBC prepared statement on
     * the caller's connection: rendering and jOOQ's record handling cost more per send than PostgreSQL's own work on
     * a one-row insert (bench/README.md, "send").
     */
    long send(DSLContext tx, T value) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sendSql)) {
                if (toText != null) {
                    statement.setString(1, toText.apply(value));
                } else {
                    statement.setBytes(1, (byte[]) value);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    long sendAt(DSLContext tx, T value, Instant deliverAt) {
        return tx.insertInto(table).set(payload, value).set(visibleAt, deliverAt.atOffset(ZoneOffset.UTC))
                .returningResult(msgId).fetchSingle().value1();
    }

    long sendAfter(DSLContext tx, T value, Duration delay) {
        Field<OffsetDateTime> at = DSL.field("{0} + {1}", SQLDataType.TIMESTAMPWITHTIMEZONE,
                DSL.currentOffsetDateTime(), DSL.val(interval(delay)));
        return tx.insertInto(table).set(payload, value).set(visibleAt, at)
                .returningResult(msgId).fetchSingle().value1();
    }

    /**
     * One INSERT for the whole chunk; returns the ids in input order (identity values are assigned in row order, and
     * each chunk's ids increase). Text and xml payloads go as one bound text array, {@code INSERT ... SELECT
     * unnest(?)}: the statement's text is the same for every chunk, so it is parsed once, which measured faster than
     * a multi-row VALUES list (bench/README.md, "sendBatch"); like {@link #send}, jOOQ renders it once per channel
     * ({@link #sendBatchSql}) and it runs as a JDBC prepared statement. bytea payloads use the VALUES list.
     */
    List<Long> sendBatch(DSLContext tx, List<? extends T> values) {
        List<Long> sorted;
        if (toText != null) {
            sorted = insertUnnest(tx, values);
        } else {
            Result<Record1<Long>> ids = insertValues(tx, values);
            sorted = new ArrayList<>(ids.size());
            for (Record1<Long> id : ids) {
                sorted.add(id.value1());
            }
        }
        sorted.sort(null);
        return sorted;
    }

    private List<Long> insertUnnest(DSLContext tx, List<? extends T> values) {
        String[] texts = new String[values.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = toText.apply(values.get(i));
        }
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sendBatchSql)) {
                statement.setArray(1, connection.createArrayOf("text", texts));
                List<Long> ids = new ArrayList<>(texts.length);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                return ids;
            }
        });
    }

    private Result<Record1<Long>> insertValues(DSLContext tx, List<? extends T> values) {
        @SuppressWarnings("unchecked")
        InsertValuesStep2<Record, T, OffsetDateTime> insert =
                (InsertValuesStep2<Record, T, OffsetDateTime>) (InsertValuesStep2<?, T, OffsetDateTime>)
                        tx.insertInto(table, payload, visibleAt);
        Field<OffsetDateTime> now = DSL.currentOffsetDateTime();
        for (T value : values) {
            insert = insert.values(DSL.val(value, payload), now);
        }
        return insert.returningResult(msgId).fetch();
    }

    List<Message<T>> receive(DSLContext tx, int max) {
        Table<?> got = call(readsAsText ? "pg_mq_get_msg_text" : "pg_mq_get_msg_bin", DSL.val(channel), DSL.val(max));
        Field<?> rawPayload = readsAsText ? TEXT_PAYLOAD : BIN_PAYLOAD;
        List<Message<T>> messages = new ArrayList<>();
        for (Record r : tx.select(MSG_ID, SENT_BY, rawPayload).from(got).fetch()) {
            messages.add(new Message<>(r.get(MSG_ID), r.get(SENT_BY), decode(r, rawPayload)));
        }
        return messages;
    }

    /**
     * Runs the channel's claim statement for batches of {@code max}, the text of {@code pg_mq_claim_sql(table, cast,
     * max)} (what {@code pg_mq_claim_text}/{@code _bin} execute, with the LIMIT written in), as a prepared statement:
     * the driver keeps it prepared on the connection and PostgreSQL keeps one plan for it, where the functions'
     * {@code EXECUTE} plans on every call. The text is read once per batch size.
     */
    List<Delivery<T>> claim(DSLContext tx, int max, Duration lease) {
        String sql = claimStatements.computeIfAbsent(max, m -> Placeholders.toJdbc(tx.select(function("pg_mq_claim_sql",
                SQLDataType.CLOB, DSL.val(table.getName()), DSL.val(readsAsText ? "text" : "bytea"), DSL.val(m)))
                .fetchSingle().value1(), 2));
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, channel);
                statement.setObject(2, pgInterval(lease));
                List<Delivery<T>> deliveries = new ArrayList<>(max);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        T value = readsAsText ? fromText.apply(rs.getString(8)) : fromBytes.apply(rs.getBytes(8));
                        deliveries.add(new Delivery<>(channel, rs.getLong(1), rs.getInt(2), rs.getObject(3, UUID.class),
                                rs.getObject(4, OffsetDateTime.class).toInstant(),
                                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6),
                                Optional.ofNullable(rs.getString(7)), value));
                    }
                }
                return deliveries;
            }
        });
    }

    /** Acks the deliveries still held, with the channel's ack statement ({@code pg_mq_ack_sql}); returns the ids acked. */
    List<Long> ack(DSLContext tx, Collection<? extends Delivery<?>> deliveries) {
        String sql = ackStatement();
        Long[] ids = new Long[deliveries.size()];
        UUID[] tokens = new UUID[deliveries.size()];
        int i = 0;
        for (Delivery<?> delivery : deliveries) {
            ids[i] = delivery.msgId();
            tokens[i++] = delivery.leaseToken();
        }
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, channel);
                statement.setArray(2, connection.createArrayOf("int8", ids));
                statement.setArray(3, connection.createArrayOf("uuid", tokens));
                List<Long> acked = new ArrayList<>(ids.length);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        acked.add(rs.getLong(1));
                    }
                }
                return acked;
            }
        });
    }

    /**
     * Runs the channel's locked claim statement for batches of {@code max} ({@code pg_mq_claim_locked_sql(table, cast,
     * max)}, what {@code pg_mq_claim_locked_text}/{@code _bin} execute) as a prepared statement, like {@link #claim}.
     *
     * @throws IllegalStateException if the connection is in autocommit: the lock would end before the call returns
     */
    List<LockedDelivery<T>> claimLocked(DSLContext tx, int max) {
        String sql = lockedClaimStatements.computeIfAbsent(max, m -> Placeholders.toJdbc(tx.select(function(
                "pg_mq_claim_locked_sql", SQLDataType.CLOB, DSL.val(table.getName()),
                DSL.val(readsAsText ? "text" : "bytea"), DSL.val(m))).fetchSingle().value1(), 1));
        return tx.connectionResult(connection -> {
            if (connection.getAutoCommit()) {
                throw new IllegalStateException("channel \"" + channel + "\": claimLocked needs a transaction: its"
                        + " row locks last until the transaction ends, and in autocommit that is before the call"
                        + " returns; call it inside dsl.transaction(...), or use claim for a lease");
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, channel);
                List<LockedDelivery<T>> deliveries = new ArrayList<>(max);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        T value = readsAsText ? fromText.apply(rs.getString(6)) : fromBytes.apply(rs.getBytes(6));
                        deliveries.add(new LockedDelivery<>(channel, rs.getLong(1), rs.getInt(2),
                                rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
                                Optional.ofNullable(rs.getString(5)), value));
                    }
                }
                return deliveries;
            }
        });
    }

    /**
     * Completes locked deliveries with the channel's complete statement ({@code pg_mq_complete_sql}); returns the ids
     * completed (those the transaction held).
     */
    List<Long> complete(DSLContext tx, Collection<? extends LockedDelivery<?>> deliveries) {
        String sql = completeStatement;
        if (sql == null) {
            sql = Placeholders.toJdbc(tx.select(function("pg_mq_complete_sql", SQLDataType.CLOB,
                    DSL.val(table.getName()))).fetchSingle().value1(), 2);
            completeStatement = sql;
        }
        Long[] ids = deliveries.stream().map(LockedDelivery::msgId).toArray(Long[]::new);
        String statementSql = sql;
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
                statement.setString(1, channel);
                statement.setArray(2, connection.createArrayOf("int8", ids));
                List<Long> completed = new ArrayList<>(ids.length);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        completed.add(rs.getLong(1));
                    }
                }
                return completed;
            }
        });
    }

    /**
     * Completes one locked delivery. When the transaction does not hold it the statement completes nothing, and
     * {@code pg_mq_complete}'s single form, run then, raises PQ010 with the reason.
     */
    void completeOne(DSLContext tx, LockedDelivery<?> delivery) {
        if (complete(tx, List.of(delivery)).isEmpty()) {
            tx.select(function("pg_mq_complete", DSL.val(channel), DSL.val(delivery.msgId()))).fetch();
        }
    }

    NackOutcome fail(DSLContext tx, LockedDelivery<?> delivery, String error, Duration delay) {
        Record r = tx.select(DEAD, VISIBLE_AT_RESULT)
                .from(call("pg_mq_fail", DSL.val(channel), DSL.val(delivery.msgId()), DSL.val(error),
                        DSL.val(delay == null ? null : interval(delay), SQLDataType.INTERVALDAYTOSECOND)))
                .fetchSingle();
        return r.get(DEAD) ? new NackOutcome.Dead() : new NackOutcome.Retry(r.get(VISIBLE_AT_RESULT).toInstant());
    }

    /**
     * Acks one delivery. When its lease was lost the ack statement acks nothing, and {@code pg_mq_ack}'s single form,
     * run then, raises PQ010 with the reason (acked already, claimed again, dead).
     */
    void ackOne(DSLContext tx, Delivery<?> delivery) {
        if (ack(tx, List.of(delivery)).isEmpty()) {
            tx.select(function("pg_mq_ack", DSL.val(channel), DSL.val(delivery.msgId()), DSL.val(delivery.leaseToken())))
                    .fetch();
        }
    }

    NackOutcome nack(DSLContext tx, Delivery<?> delivery, String error, Duration delay) {
        Record r = tx.select(DEAD, VISIBLE_AT_RESULT)
                .from(call("pg_mq_nack", DSL.val(channel), DSL.val(delivery.msgId()), DSL.val(delivery.leaseToken()),
                        DSL.val(error), DSL.val(delay == null ? null : interval(delay), SQLDataType.INTERVALDAYTOSECOND)))
                .fetchSingle();
        return r.get(DEAD) ? new NackOutcome.Dead() : new NackOutcome.Retry(r.get(VISIBLE_AT_RESULT).toInstant());
    }

    Instant extendLease(DSLContext tx, Delivery<?> delivery, Duration lease) {
        Field<OffsetDateTime> expires = function("pg_mq_extend_lease", SQLDataType.TIMESTAMPWITHTIMEZONE,
                DSL.val(channel), DSL.val(delivery.msgId()), DSL.val(delivery.leaseToken()), DSL.val(interval(lease)));
        return tx.select(expires).fetchSingle().value1().toInstant();
    }

    List<Long> release(DSLContext tx, Collection<? extends Delivery<?>> deliveries) {
        return tx.select(MSG_ID).from(call("pg_mq_release", DSL.val(channel), ids(deliveries), tokens(deliveries)))
                .fetch(MSG_ID);
    }

    long redrive(DSLContext tx, Long[] msgIds) {
        Field<Long> count = function("pg_mq_redrive", SQLDataType.BIGINT, DSL.val(channel),
                DSL.val(msgIds, SQLDataType.BIGINT.array()));
        return tx.select(count).fetchSingle().value1();
    }

    List<DeadLetter> deadLetters(DSLContext tx, int limit) {
        List<DeadLetter> dead = new ArrayList<>();
        for (Record r : tx.select(MSG_ID, SENT_AT, ATTEMPTS, DEAD_AT, LAST_ERROR)
                .from(call("pg_mq_dead_letters", DSL.val(channel), DSL.val(limit))).fetch()) {
            dead.add(new DeadLetter(r.get(MSG_ID), r.get(SENT_AT).toInstant(), r.get(ATTEMPTS),
                    r.get(DEAD_AT).toInstant(), r.get(LAST_ERROR)));
        }
        return dead;
    }

    /** Deletes one batch of finished messages past retention ({@code olderThan}, or the channel's settings). */
    long purge(DSLContext tx, Duration olderThan, int batchSize) {
        Field<Long> count = function("pg_mq_purge", SQLDataType.BIGINT, DSL.val(channel),
                DSL.val(olderThan == null ? null : interval(olderThan), SQLDataType.INTERVALDAYTOSECOND),
                DSL.val(batchSize));
        return tx.select(count).fetchSingle().value1();
    }

    /**
     * Takes the session-level advisory lock that makes one instance of a deployment the purger of this channel;
     * false when another session holds it. The key hashes schema and channel, so channels never contend.
     */
    boolean tryPurgeLock(DSLContext session) {
        return session.select(DSL.function("pg_try_advisory_lock", SQLDataType.BOOLEAN, purgeLockKey()))
                .fetchSingle().value1();
    }

    void purgeUnlock(DSLContext session) {
        session.select(DSL.function("pg_advisory_unlock", SQLDataType.BOOLEAN, purgeLockKey())).fetch();
    }

    private Field<Long> purgeLockKey() {
        return DSL.function("hashtextextended", SQLDataType.BIGINT, DSL.val("pgmq purge " + schema + "." + channel),
                DSL.val(0L));
    }

    private T decode(Record r, Field<?> rawPayload) {
        Object raw = r.get(rawPayload);
        return readsAsText ? fromText.apply((String) raw) : fromBytes.apply((byte[]) raw);
    }

    /** A set-returning pgmq function of this channel's schema, called with bound arguments. */
    private Table<?> call(String function, Field<?>... arguments) {
        return DSL.table("{0}({1})", DSL.name(schema, function), DSL.list(arguments));
    }

    private Field<Object> function(String function, Field<?>... arguments) {
        return function(function, SQLDataType.OTHER, arguments);
    }

    private <R> Field<R> function(String function, org.jooq.DataType<R> type, Field<?>... arguments) {
        return DSL.field("{0}({1})", type, DSL.name(schema, function), DSL.list(arguments));
    }

    private static Field<Long[]> ids(Collection<? extends Delivery<?>> deliveries) {
        return DSL.val(deliveries.stream().map(Delivery::msgId).toArray(Long[]::new), SQLDataType.BIGINT.array());
    }

    private static Field<UUID[]> tokens(Collection<? extends Delivery<?>> deliveries) {
        return DSL.val(deliveries.stream().map(Delivery::leaseToken).toArray(UUID[]::new), SQLDataType.UUID.array());
    }

    /** {@code field} as a column of {@code "<schema>"."<table>"}, with its data type. */
    private static <X> Field<X> qualified(Field<X> field, String schema, String table) {
        return DSL.field(DSL.name(schema, table, field.getName()), field.getDataType());
    }

    private String ackStatement() {
        String loaded = ackStatement;
        if (loaded == null) {
            throw new IllegalStateException("channel \"" + channel + "\": the catalog was not read yet");
        }
        return loaded;
    }

    private static PGInterval pgInterval(Duration duration) {
        return new PGInterval(0, 0, 0, 0, 0, duration.getSeconds() + duration.getNano() / 1e9);
    }

    private static DayToSecond interval(Duration duration) {
        return DayToSecond.valueOf(duration);
    }
}
